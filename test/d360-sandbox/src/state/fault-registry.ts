import { firingFaults, type FaultRule } from '../domain/fault-rules';

export type FaultInput = Omit<FaultRule, 'id'>;

/** Active fault rules in the order they were added; firing consumes a rule's `remaining`. */
export class FaultRegistry {
  private rules: FaultRule[] = [];
  private seq = 0;

  add(input: FaultInput): FaultRule {
    const rule = { ...input, id: `fault-${++this.seq}` };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  fire(method: string, path: string, draw: () => number): FaultRule[] {
    const fired = firingFaults(this.rules, method, path, draw);
    for (const rule of fired) if (rule.remaining !== undefined) rule.remaining -= 1;
    return fired;
  }
}
