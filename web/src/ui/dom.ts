/**
 * A tiny element builder so pages read as markup without a framework. Text always goes in as text nodes, never as
 * HTML, so nothing a server or a user typed can inject markup.
 */

/** Attribute values: `false`, `null` and `undefined` leave the attribute out; `true` sets it empty. */
export type AttrValue = string | number | boolean | null | undefined;

export interface ElementOptions {
  attrs?: Record<string, AttrValue>;
  /** Event listeners by event name. */
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export type Child = Node | string | number | null | undefined | false;

/** Creates `<tag>` with attributes, listeners and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions | Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  const { attrs, on } = isElementOptions(options) ? options : { attrs: options, on: undefined };
  for (const [name, value] of Object.entries(attrs ?? {})) setAttr(element, name, value);
  for (const [name, listener] of Object.entries(on ?? {})) {
    element.addEventListener(name, listener as EventListener);
  }
  append(element, ...children);
  return element;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Sets or removes one attribute following the AttrValue convention. */
export function setAttr(element: Element, name: string, value: AttrValue): void {
  if (value === false || value === null || value === undefined) element.removeAttribute(name);
  else element.setAttribute(name, value === true ? '' : String(value));
}

function isElementOptions(value: ElementOptions | Record<string, AttrValue>): value is ElementOptions {
  return 'attrs' in value || 'on' in value;
}

/** A process-unique id for label/aria wiring. */
let nextId = 0;
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}
