/**
 * Enrolls a person through the HTTP API alone (no page, no SDK), as an integrator's backend would: start the
 * enrollment, PUT the photo to the signed URL, poll until the embed step has decided.
 */
export async function enrollOverHttp(
  baseUrl: string,
  apiKey: string,
  username: string,
  jpeg: Uint8Array,
): Promise<{ userId: string }> {
  const auth = { Authorization: `Bearer ${apiKey}` };
  const started = await fetch(`${baseUrl}/v1/enrollments`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  if (started.status !== 201) throw new Error(`start enrollment: ${started.status} ${await started.text()}`);
  const { enrollmentId, userId, upload } = (await started.json()) as {
    enrollmentId: string;
    userId: string;
    upload: { url: string; method: string; headers: Record<string, string> };
  };
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: jpeg });
  if (!put.ok) throw new Error(`upload: ${put.status} ${await put.text()}`);
  for (let i = 0; i < 240; i++) {
    const poll = await fetch(`${baseUrl}/v1/enrollments/${enrollmentId}`, { headers: auth });
    const view = (await poll.json()) as { status: string; reason?: string };
    if (view.status === 'active') return { userId };
    if (view.status === 'rejected') throw new Error(`enrollment rejected: ${view.reason}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('enrollment did not finish in 2 minutes');
}
