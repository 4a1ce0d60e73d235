export type StopStep = () => Promise<void> | void;

/**
 * What a service's start() has brought up, to take down in reverse. Each start step registers
 * its undo right after it succeeded, so a start that fails half-way stops exactly what runs, and
 * the stop order is the start order reversed without being written down twice.
 */
export interface ShutdownStack {
  /** Registers how to undo the step that just succeeded. */
  defer(stop: StopStep): void;
  /**
   * Runs the registered stops, last first, each once. A failing stop does not keep the others
   * from running; the first failure is rethrown at the end.
   */
  unwind(): Promise<void>;
}

export function createShutdownStack(): ShutdownStack {
  const stops: StopStep[] = [];
  return {
    defer: (stop) => void stops.push(stop),
    unwind: async () => {
      const failures: unknown[] = [];
      for (let stop = stops.pop(); stop !== undefined; stop = stops.pop()) {
        try {
          await stop();
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) throw failures[0];
    },
  };
}
