import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../../electron/cli/product-service-command.ts';

function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = {
    isTTY,
    text: '',
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('product-service load progress', () => {
  it('is silent when stderr is not a terminal', () => {
    expect(progressPrinter(stream(false))).toBeUndefined();
  });

  it('rewrites one line on a terminal and ends it when done', () => {
    const s = stream(true);
    // A clock the test moves: on a loaded machine 100 ms can pass between two real calls.
    let now = 1_000_000;
    const print = progressPrinter(s, () => now)!;
    print({ lines: 50_000, bytesDone: 500, bytesTotal: 1000 });
    now += 50;
    print({ lines: 60_000, bytesDone: 600, bytesTotal: 1000 }); // throttled: 50 ms after the last line
    now += 50;
    print({ lines: 100_000, bytesDone: 1000, bytesTotal: 1000 }); // the last one always prints
    expect(s.text).toBe('\rLoading products: 50% (50,000 lines)\rLoading products: 100% (100,000 lines)\n');
  });
});
