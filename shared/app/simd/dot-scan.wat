;; Dot products of one query with every row of a row-major float32 matrix, four lanes at a time (WebAssembly SIMD).
;; scan(q, data, rows, dims, out): out[r] = sum_i q[i] * data[r * dims + i]; dims must be a multiple of 8.
;; Two accumulators break the add dependency chain so the multiply-adds of consecutive lanes overlap.
;; filter_i8(data, start, end, stride, parts, nparts, floor, out_rows, out_highs): the first pass of an int8 search
;; (int8-rows.ts). For rows start..end-1 of int8 rows (row r at data + r * stride), each part's dot product with an
;; int16 query is exact in int32 (32 values a step); with the row's scale and error bound it gives an upper bound on
;; the part's score, and the weighted sum over the parts an upper bound on the row's score. Rows whose bound reaches
;; `floor` are written to out_rows (i32) / out_highs (f64, also the running sums while the parts are scanned);
;; returns how many. `parts` holds per part 12 f64: offset, dims, metric (0 Euclidean: 1 - sqrt(qn + tn - 2 dot),
;; 1 cosine: dot / |q| |t|, 2 Euclidean rank 2 dot - tn: monotone in the score, no square root), query scale, error per unit of row scale, error per unit of row L1, qn (Euclidean) or
;; 1 / |q| (cosine), weight, then pointers to the rows' scales (f32), L1 norms (f32), tn (Euclidean) or 1 / |t|
;; (cosine) (f64), and the int16 query.
(module
  (memory (export "memory") 1)
  (func (export "scan") (param $q i32) (param $data i32) (param $rows i32) (param $dims i32) (param $out i32)
    (local $r i32) (local $i i32) (local $row i32) (local $bytes i32)
    (local $a v128) (local $b v128)
    (local.set $row (local.get $data))
    (local.set $bytes (i32.shl (local.get $dims) (i32.const 2)))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a (v128.const f32x4 0 0 0 0))
        (local.set $b (v128.const f32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (block $lanes_done
          (loop $each_lane
            (br_if $lanes_done (i32.ge_u (local.get $i) (local.get $bytes)))
            (local.set $a
              (f32x4.add (local.get $a)
                (f32x4.mul
                  (v128.load (i32.add (local.get $q) (local.get $i)))
                  (v128.load (i32.add (local.get $row) (local.get $i))))))
            (local.set $b
              (f32x4.add (local.get $b)
                (f32x4.mul
                  (v128.load offset=16 (i32.add (local.get $q) (local.get $i)))
                  (v128.load offset=16 (i32.add (local.get $row) (local.get $i))))))
            (local.set $i (i32.add (local.get $i) (i32.const 32)))
            (br $each_lane)))
        (local.set $a (f32x4.add (local.get $a) (local.get $b)))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 1 (local.get $a)))
            (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))
        (local.set $row (i32.add (local.get $row) (local.get $bytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each_row))))
  (func (export "filter_i8") (param $data i32) (param $start i32) (param $end i32) (param $stride i32)
    (param $parts i32) (param $nparts i32) (param $floor f64) (param $out_rows i32) (param $out_highs i32)
    (result i32)
    (local $r i32) (local $p i32) (local $d i32) (local $i i32) (local $len i32) (local $row i32) (local $qp i32)
    (local $q0 i32) (local $found i32) (local $dot i32) (local $acc i32) (local $kind i32)
    (local $scales i32) (local $l1s i32) (local $norms i32)
    (local $a v128) (local $b v128) (local $v v128)
    (local $rs f64) (local $x f64) (local $s f64) (local $h f64)
    (local $qs f64) (local $err_a f64) (local $err_b f64) (local $qn f64) (local $gain f64)
    (block $parts_done
      (loop $each_part
        (br_if $parts_done (i32.ge_u (local.get $p) (local.get $nparts)))
        (local.set $d (i32.add (local.get $parts) (i32.mul (local.get $p) (i32.const 96))))
        (local.set $row
          (i32.add
            (i32.add (local.get $data) (i32.mul (local.get $start) (local.get $stride)))
            (i32.trunc_f64_s (f64.load (local.get $d)))))
        (local.set $len (i32.trunc_f64_s (f64.load offset=8 (local.get $d))))
        (local.set $kind (i32.trunc_f64_s (f64.load offset=16 (local.get $d))))
        (local.set $qs (f64.load offset=24 (local.get $d)))
        (local.set $err_a (f64.load offset=32 (local.get $d)))
        (local.set $err_b (f64.load offset=40 (local.get $d)))
        (local.set $qn (f64.load offset=48 (local.get $d)))
        (local.set $gain (f64.load offset=56 (local.get $d)))
        (local.set $scales (i32.trunc_f64_s (f64.load offset=64 (local.get $d))))
        (local.set $l1s (i32.trunc_f64_s (f64.load offset=72 (local.get $d))))
        (local.set $norms (i32.trunc_f64_s (f64.load offset=80 (local.get $d))))
        (local.set $q0 (i32.trunc_f64_s (f64.load offset=88 (local.get $d))))
        (local.set $acc (local.get $out_highs))
        (local.set $r (local.get $start))
        (block $rows_done
          (loop $each_row
            (br_if $rows_done (i32.ge_u (local.get $r) (local.get $end)))
            (local.set $a (v128.const i32x4 0 0 0 0))
            (local.set $b (v128.const i32x4 0 0 0 0))
            (local.set $qp (local.get $q0))
            (local.set $i (i32.const 0))
            (block $lanes_done
              (loop $each_lane
                (br_if $lanes_done (i32.ge_u (local.get $i) (local.get $len)))
                (local.set $v (v128.load (i32.add (local.get $row) (local.get $i))))
                (local.set $a
                  (i32x4.add (local.get $a)
                    (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.load (local.get $qp)))))
                (local.set $b
                  (i32x4.add (local.get $b)
                    (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v))
                      (v128.load offset=16 (local.get $qp)))))
                (local.set $v (v128.load offset=16 (i32.add (local.get $row) (local.get $i))))
                (local.set $a
                  (i32x4.add (local.get $a)
                    (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.load offset=32 (local.get $qp)))))
                (local.set $b
                  (i32x4.add (local.get $b)
                    (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v))
                      (v128.load offset=48 (local.get $qp)))))
                (local.set $qp (i32.add (local.get $qp) (i32.const 64)))
                (local.set $i (i32.add (local.get $i) (i32.const 32)))
                (br $each_lane)))
            (local.set $a (i32x4.add (local.get $a) (local.get $b)))
            (local.set $dot
              (i32.add
                (i32.add (i32x4.extract_lane 0 (local.get $a)) (i32x4.extract_lane 1 (local.get $a)))
                (i32.add (i32x4.extract_lane 2 (local.get $a)) (i32x4.extract_lane 3 (local.get $a)))))
            (local.set $rs
              (f64.promote_f32 (f32.load (i32.add (local.get $scales) (i32.shl (local.get $r) (i32.const 2))))))
            ;; x = the dot product's upper bound: row scale * (dot * query scale + err_a) + row L1 * err_b.
            (local.set $x
              (f64.add
                (f64.add
                  (f64.mul (local.get $rs)
                    (f64.add (f64.mul (f64.convert_i32_s (local.get $dot)) (local.get $qs)) (local.get $err_a)))
                  (f64.mul
                    (f64.promote_f32 (f32.load (i32.add (local.get $l1s) (i32.shl (local.get $r) (i32.const 2)))))
                    (local.get $err_b)))
                (f64.const 1e-12)))
            (local.set $s (f64.load (i32.add (local.get $norms) (i32.shl (local.get $r) (i32.const 3)))))
            (local.set $s
              (f64.mul (local.get $gain)
                (if (result f64) (i32.eqz (local.get $kind))
                  (then
                    (f64.sub (f64.const 1)
                      (f64.sqrt
                        (f64.max (f64.const 0)
                          (f64.sub (f64.add (local.get $qn) (local.get $s)) (f64.add (local.get $x) (local.get $x)))))))
                  (else
                    (if (result f64) (i32.eq (local.get $kind) (i32.const 1))
                      (then (f64.mul (f64.mul (local.get $x) (local.get $s)) (local.get $qn)))
                      (else (f64.sub (f64.add (local.get $x) (local.get $x)) (local.get $s))))))))
            (if (local.get $p)
              (then (local.set $s (f64.add (local.get $s) (f64.load (local.get $acc))))))
            (f64.store (local.get $acc) (local.get $s))
            (local.set $acc (i32.add (local.get $acc) (i32.const 8)))
            (local.set $row (i32.add (local.get $row) (local.get $stride)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $each_row)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $each_part)))
    ;; Keep the rows whose bound reaches the floor (written in place: the kept ones never overtake the read).
    (local.set $acc (local.get $out_highs))
    (local.set $r (local.get $start))
    (block $kept
      (loop $each_sum
        (br_if $kept (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $h (f64.load (local.get $acc)))
        (if (f64.ge (local.get $h) (local.get $floor))
          (then
            (i32.store (i32.add (local.get $out_rows) (i32.shl (local.get $found) (i32.const 2))) (local.get $r))
            (f64.store (i32.add (local.get $out_highs) (i32.shl (local.get $found) (i32.const 3))) (local.get $h))
            (local.set $found (i32.add (local.get $found) (i32.const 1)))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 8)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each_sum)))
    (local.get $found)))
