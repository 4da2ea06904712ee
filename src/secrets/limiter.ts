/**
 * Concurrency limits of secret stores: at most `limit` reads of one store run at once, the rest
 * wait in order. One limiter per store location per process — shared by every SecretsApi and
 * context in it — so ten contexts do not start ten times as many backend processes.
 *
 * Owns: the queue, leaving it on abort, and the process-wide table of limiters.
 */
import { keepClassNames } from '../errors/mxm-error.js';

/** Thrown to a waiter whose signal fired before a slot was free. */
export class LimiterAbortedError extends Error {
  constructor() {
    super('abandoned while waiting for a free slot');
    this.name = 'LimiterAbortedError';
  }
}

/** At most `limit` tasks at once; the rest wait in order. */
export class Limiter {
  #running = 0;
  readonly #limit: number;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  /**
   * Runs `task` when a slot is free.
   * @throws {LimiterAbortedError} when `signal` fires while waiting (the task never starts).
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#running >= this.#limit) await this.#wait(signal);
    this.#running += 1;
    try {
      return await task();
    } finally {
      this.#running -= 1;
      this.#waiting.shift()?.();
    }
  }

  #wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(new LimiterAbortedError());
        return;
      }
      const wake = (): void => {
        signal?.removeEventListener('abort', leave);
        resolve();
      };
      const leave = (): void => {
        const at = this.#waiting.indexOf(wake);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(new LimiterAbortedError());
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.#waiting.push(wake);
    });
  }
}

const shared = new Map<string, Limiter>();

/**
 * The process-wide limiter of a store location (`backend` + `root`) at `limit`. Stores configured
 * alike — every context built from one config store — share it; a store set to another limit gets its own.
 */
export function storeLimiter(backend: string, root: string, limit: number): Limiter {
  const key = `${backend}\u0000${root}\u0000${limit}`;
  let limiter = shared.get(key);
  if (limiter === undefined) {
    limiter = new Limiter(limit);
    shared.set(key, limiter);
  }
  return limiter;
}

keepClassNames({ LimiterAbortedError, Limiter });
