/** The last few items of a long sequence: what `diff` keeps of the equal events before a divergence. */
export class Recent<T> {
  /** A ring once full: the oldest item is at `start`. Grows as items come, so a large capacity costs nothing until it is used. */
  private readonly items: T[] = [];
  private start = 0;

  constructor(private readonly capacity: number) {}

  /** Keeps `item`; returns the item it pushes out (the oldest, when `capacity` are kept already; `item` itself when capacity is 0). */
  push(item: T): T | undefined {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return undefined;
    }
    if (this.capacity === 0) return item;
    const oldest = this.items[this.start] as T;
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    return oldest;
  }

  /** The items kept, oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }
}
