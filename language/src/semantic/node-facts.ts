/**
 * What the checker learns about each syntax node (its type, the symbol it names, the
 * timeframe it is computed on), kept for the semantic model's queries.
 *
 * Recording is a push onto two arrays; the lookup map is built on the first query. The
 * checker itself never asks, a compile never asks either, and hashing every node of a
 * large file into maps as it went cost more than the rest of checking (a 10,000-line
 * strategy has ~150,000 expression nodes). An editor pays for the map once per analysis,
 * on its first hover or completion. A node recorded twice keeps its last value.
 */
export class NodeFacts<K extends object, V> {
  private keys: K[] = [];
  private values: V[] = [];
  private map: Map<K, V> | undefined;

  set(key: K, value: V): void {
    if (this.map) this.map.set(key, value);
    else {
      this.keys.push(key);
      this.values.push(value);
    }
  }

  get(key: K): V | undefined {
    return this.index().get(key);
  }

  has(key: K): boolean {
    return this.index().has(key);
  }

  private index(): Map<K, V> {
    if (!this.map) {
      const map = new Map<K, V>();
      for (let i = 0; i < this.keys.length; i++) map.set(this.keys[i]!, this.values[i]!);
      this.map = map;
      this.keys = [];
      this.values = [];
    }
    return this.map;
  }
}
