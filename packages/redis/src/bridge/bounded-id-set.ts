/** A set of recent ids that forgets the oldest beyond `capacity` (for idempotent consumers). */
export class BoundedIdSet {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      // Sets iterate in insertion order: the first is the oldest.
      this.ids.delete(this.ids.values().next().value as string);
    }
  }

  get size(): number {
    return this.ids.size;
  }
}
