/** Tiny DOM builder. Text always goes in as text nodes, never as markup. */
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) for (const name of Object.keys(attrs)) el.setAttribute(name, attrs[name]!);
  for (const child of children) if (child) el.append(child);
  return el;
}

/** Removes every child (same as replaceChildren(), which browsers before 2020 lack). */
export function clear(node: Node): void {
  node.textContent = '';
}

export function show(parent: Node, ...children: Node[]): void {
  clear(parent);
  for (const child of children) parent.appendChild(child);
}
