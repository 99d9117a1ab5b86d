// What the template rules need of the store (docs/architecture.md §Templates).

export type TemplateStore = {
  /** Does any checklist item (live, deleted or purged) name template version `id`? */
  inUse(id: string): boolean;
  /** Item id → key of the template that lists it, over every stored version of every template. */
  itemKeys(): Map<string, string>;
};
