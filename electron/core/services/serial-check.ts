/**
 * A check that runs on request, one run at a time, a bounded number of times: requests that
 * arrive during a run fold into one more run after it (so results never arrive out of
 * order), and `run` answering true asks for another run after `repeatMs` while the budget
 * lasts. Used by the service runner to watch a port after "address already in use".
 */
import type { Timers } from '../model/timers.ts';

export class SerialCheck {
  private timer: unknown = null;
  private running = false;
  private again = false;
  private left = 0;

  private readonly timers: Timers;
  private readonly run: () => Promise<boolean>;
  private readonly options: { delayMs: number; repeatMs: number; budget: number };

  constructor(timers: Timers, run: () => Promise<boolean>, options: { delayMs: number; repeatMs: number; budget: number }) {
    this.timers = timers;
    this.run = run;
    this.options = options;
  }

  /** Ask for a run soon; `fresh` refills the budget (new evidence arrived). */
  request(fresh = false): void {
    if (fresh) this.left = this.options.budget;
    this.schedule(this.options.delayMs);
  }

  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.again = false;
    this.left = 0;
  }

  private schedule(delayMs: number): void {
    if (this.left <= 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== null) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.running = true;
      this.left -= 1;
      void this.run()
        .catch(() => false)
        .then((repeat) => {
          this.running = false;
          if (this.again) {
            this.again = false;
            this.schedule(this.options.delayMs);
          } else if (repeat) {
            this.schedule(this.options.repeatMs);
          }
        });
    }, delayMs);
  }
}
