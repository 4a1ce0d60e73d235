/** Shared by the app (answers /readyz, closes keep-alive connections) and the server that drains it. */
export interface HttpLifecycle {
  readonly draining: boolean;
  startDraining(): void;
}

export function createHttpLifecycle(): HttpLifecycle {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    },
  };
}
