/**
 * A running collection of a gallery's cross-user impostor scores, updated per enrollment and deletion rather than
 * recomputed: adding a user scores it against the users already in the sample, removing one drops its scores.
 * Large galleries are sampled: a user belongs to the sample when a hash of its id falls under `sampleUsers`'
 * share, so membership is stable as the gallery grows and shrinks (at most ~sampleUsers²/2 scores kept).
 */
export interface GalleryUser {
  userId: string;
  embeddings: readonly Float32Array[];
}

/** FNV-1a of the id, mapped to [0, 1). */
function unitHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296;
}

export class GalleryImpostors {
  /** Every user of the gallery; `members` holds the sampled ones with their templates. */
  private readonly known = new Set<string>();
  private readonly members = new Map<string, readonly Float32Array[]>();
  /** Scores by user: each pair's score is stored under both users. */
  private readonly scores = new Map<string, Map<string, number>>();
  private users = 0;

  constructor(
    private readonly similarity: (a: Float32Array, b: Float32Array) => number,
    /** Sample size to aim for; every user is sampled while the gallery is under twice this. */
    private readonly sampleUsers = 400,
    /** Expected gallery size, for the sampling share; updated by `resize`. */
    private expectedUsers = 0,
  ) {}

  private sampled(userId: string): boolean {
    return this.expectedUsers <= 2 * this.sampleUsers || unitHash(userId) < this.sampleUsers / this.expectedUsers;
  }

  /** Every user of the gallery, sampled or not (the threshold's `users`). */
  get userCount(): number {
    return this.users;
  }

  has(userId: string): boolean {
    return this.known.has(userId);
  }

  /** Adds a user's templates; its best score against each sampled user becomes an impostor score. */
  add(user: GalleryUser): void {
    if (this.known.has(user.userId)) this.remove(user.userId);
    this.known.add(user.userId);
    this.users = this.known.size;
    if (user.embeddings.length === 0 || !this.sampled(user.userId)) return;
    const mine = new Map<string, number>();
    for (const [other, theirs] of this.members) {
      let best = -Infinity;
      for (const a of user.embeddings) for (const b of theirs) best = Math.max(best, this.similarity(a, b));
      mine.set(other, best);
      this.scores.get(other)!.set(user.userId, best);
    }
    this.members.set(user.userId, user.embeddings);
    this.scores.set(user.userId, mine);
  }

  remove(userId: string): void {
    this.known.delete(userId);
    this.users = this.known.size;
    const mine = this.scores.get(userId);
    if (!mine) return;
    for (const other of mine.keys()) this.scores.get(other)?.delete(userId);
    this.scores.delete(userId);
    this.members.delete(userId);
  }

  /** Every cross-user score once. */
  impostorScores(): number[] {
    const out: number[] = [];
    for (const [a, mine] of this.scores) for (const [b, s] of mine) if (a < b) out.push(s);
    return out;
  }

  /** The user ids currently known, for diffing against a reloaded gallery. */
  userIds(): string[] {
    return [...this.known];
  }

  /** Tells the sampler the gallery's size before a bulk load, so the sample share is right from the start. */
  resize(expectedUsers: number): void {
    this.expectedUsers = expectedUsers;
  }
}
