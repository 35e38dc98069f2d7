/** Exponential back-off with full jitter, as the AWS architecture blog recommends for batch retries. */
export async function backoff(attempt: number, baseMs = 25, capMs = 2_000): Promise<void> {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

export const MAX_BATCH_ATTEMPTS = 10;
