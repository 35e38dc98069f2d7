/**
 * A one-line progress bar on stderr, redrawn at most ten times a second; silent when stderr
 * is not a terminal so that logs and `--json` output stay clean.
 */
export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private readonly enabled: boolean;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private total: number,
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    /** Off for `--json`, CI and pipes. */
    enabled = Boolean(out.isTTY),
  ) {
    this.enabled = enabled;
  }

  setTotal(total: number): void {
    this.total = total;
  }

  tick(n = 1): void {
    this.done += n;
    const now = Date.now();
    if (now - this.lastDraw >= 100 || this.done >= this.total) {
      this.lastDraw = now;
      this.draw();
    }
  }

  finish(): void {
    if (!this.enabled) return;
    this.draw();
    this.out.write('\n');
  }

  private draw(): void {
    if (!this.enabled) return;
    const width = 30;
    const ratio = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const filled = Math.round(ratio * width);
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.done / seconds) : 0;
    this.out.write(`\r${this.label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${this.done}/${this.total} ${rate}/s`);
  }
}
