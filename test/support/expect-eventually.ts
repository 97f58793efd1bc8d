/**
 * Runs `assertion` until it passes (an expectation that must become true), or fails with its last
 * error after `timeoutMs`. The one polling helper of the tests.
 */
export async function expectEventually<T>(
  assertion: () => T | Promise<T>,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
