/**
 * A small, deterministic builder of Mermaid flowcharts. Views describe nodes, subgraphs and edges; `render()` prints
 * them in declaration order (subgraphs with their members, then every edge, then class assignments), so the same model
 * always gives the same text. Only plain flowchart syntax is used (no `fa:` icons, no `layout: elk`): it needs nothing
 * beyond mermaid itself to parse and render.
 */

export type FlowDirection = 'TD' | 'LR';
export type NodeShape = 'box' | 'round' | 'stadium' | 'cylinder' | 'diamond' | 'hexagon' | 'subroutine' | 'circle';
export type EdgeStyle = 'solid' | 'dotted' | 'thick';

/** Mermaid keywords that break the parser when used as a node id. */
const RESERVED_IDS = new Set(['end', 'graph', 'flowchart', 'subgraph', 'style', 'class', 'classDef', 'click', 'linkStyle', 'direction', 'default']);

/** A node id from a kind and an entity name: `guest`, `k8s-master-01` → `guest_k8s_master_01` (ids never carry labels). */
export function nodeId(kind: string, ...names: readonly string[]): string {
  const id = [kind, ...names].join('_').replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z]/.test(id) || RESERVED_IDS.has(id)) throw new Error(`mermaid: "${id}" cannot be a node id (it must start with a letter and not be a keyword)`);
  return id;
}

/** Escapes one line of label text for a quoted Mermaid label (entity codes, so no HTML reaches the renderer). */
export function escapeLabel(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** A label of one or more lines; the first line is the node's name (what tests look for in the rendered SVG). */
export type Label = string | readonly string[];

function labelLines(label: Label): readonly string[] {
  return typeof label === 'string' ? [label] : label;
}

function quoted(label: Label): string {
  return `"${labelLines(label).map(escapeLabel).join('<br/>')}"`;
}

const SHAPES: Record<NodeShape, readonly [string, string]> = {
  box: ['[', ']'],
  round: ['(', ')'],
  stadium: ['([', '])'],
  cylinder: ['[(', ')]'],
  diamond: ['{', '}'],
  hexagon: ['{{', '}}'],
  subroutine: ['[[', ']]'],
  circle: ['((', '))'],
};

const ARROWS: Record<EdgeStyle, string> = { solid: '-->', dotted: '-.->', thick: '==>' };

export interface NodeOptions {
  /** @default 'box' */
  readonly shape?: NodeShape;
  /** Class names defined with `classDef`. @default none */
  readonly classes?: readonly string[];
}

export interface EdgeOptions {
  /** @default no label */
  readonly label?: Label;
  /** @default 'solid' */
  readonly style?: EdgeStyle;
}

export interface SubgraphOptions {
  /** Layout direction inside the subgraph. @default the chart's */
  readonly direction?: FlowDirection;
  /** @default none */
  readonly classes?: readonly string[];
}

interface NodeItem {
  readonly type: 'node';
  readonly id: string;
  readonly label: Label;
  readonly shape: NodeShape;
}

interface SubgraphItem {
  readonly type: 'subgraph';
  readonly id: string;
  readonly title: Label;
  readonly direction?: FlowDirection;
  readonly items: (NodeItem | SubgraphItem)[];
}

interface EdgeItem {
  readonly from: string;
  readonly to: string;
  readonly label?: Label;
  readonly style: EdgeStyle;
}

/** What a scope reports to its chart: every declared id (declared once) and every class assignment. */
interface Registry {
  register(id: string, lines: readonly string[]): void;
  addClass(name: string, id: string): void;
}

/** A scope that holds nodes and subgraphs: the top of a chart or one of its subgraphs. */
export class Scope {
  /** @internal Scopes are made by Flowchart and by `subgraph()`. */
  constructor(
    private readonly registry: Registry,
    private readonly items: (NodeItem | SubgraphItem)[],
  ) {}

  /** Declares a node; an id is declared once per chart. Returns the id, for edges. */
  node(id: string, label: Label, options: NodeOptions = {}): string {
    this.registry.register(id, labelLines(label));
    this.items.push({ type: 'node', id, label, shape: options.shape ?? 'box' });
    for (const c of options.classes ?? []) this.registry.addClass(c, id);
    return id;
  }

  /** Declares a subgraph and fills it; returns its id (edges may point at a subgraph). */
  subgraph(id: string, title: Label, fill: (scope: Scope) => void, options: SubgraphOptions = {}): string {
    this.registry.register(id, labelLines(title));
    const item: SubgraphItem = { type: 'subgraph', id, title, direction: options.direction, items: [] };
    this.items.push(item);
    fill(new Scope(this.registry, item.items));
    for (const c of options.classes ?? []) this.registry.addClass(c, id);
    return id;
  }
}

export interface FlowchartProps {
  readonly direction: FlowDirection;
  /** Comment lines printed above the diagram (`%% …`). @default none */
  readonly comments?: readonly string[];
}

export class Flowchart {
  private readonly items: (NodeItem | SubgraphItem)[] = [];
  private readonly top: Scope;
  private readonly labelsById = new Map<string, readonly string[]>();
  private readonly edges: EdgeItem[] = [];
  private readonly classDefs = new Map<string, string>();
  private readonly classMembers = new Map<string, string[]>();

  constructor(private readonly props: FlowchartProps) {
    this.top = new Scope(
      {
        register: (id, lines) => {
          if (this.labelsById.has(id)) throw new Error(`mermaid: node or subgraph "${id}" is declared twice`);
          this.labelsById.set(id, lines);
        },
        addClass: (name, id) => {
          if (!this.classDefs.has(name)) throw new Error(`mermaid: class "${name}" is used before its classDef`);
          this.classMembers.set(name, [...(this.classMembers.get(name) ?? []), id]);
        },
      },
      this.items,
    );
  }

  /** Declares a node at the top level. */
  node(id: string, label: Label, options: NodeOptions = {}): string {
    return this.top.node(id, label, options);
  }

  /** Declares a subgraph at the top level. */
  subgraph(id: string, title: Label, fill: (scope: Scope) => void, options: SubgraphOptions = {}): string {
    return this.top.subgraph(id, title, fill, options);
  }

  classDef(name: string, css: string): this {
    this.classDefs.set(name, css);
    return this;
  }

  edge(from: string, to: string, options: EdgeOptions = {}): this {
    this.edges.push({ from, to, label: options.label, style: options.style ?? 'solid' });
    return this;
  }

  /** Whether a node or subgraph id is declared. */
  has(id: string): boolean {
    return this.labelsById.has(id);
  }

  /** Every node and subgraph with its label lines, in declaration order (what a rendered SVG must show). */
  labels(): ReadonlyMap<string, readonly string[]> {
    return this.labelsById;
  }

  /** Edges as `from → to` pairs with their label text (for tests and tables). */
  edgeList(): readonly { readonly from: string; readonly to: string; readonly label: string }[] {
    return this.edges.map((e) => ({ from: e.from, to: e.to, label: e.label === undefined ? '' : labelLines(e.label).join(' ') }));
  }

  render(): string {
    for (const e of this.edges) {
      for (const end of [e.from, e.to]) if (!this.labelsById.has(end)) throw new Error(`mermaid: edge ${e.from} → ${e.to} names undeclared "${end}"`);
    }
    const out: string[] = [...(this.props.comments ?? []).map((c) => `%% ${c}`), `flowchart ${this.props.direction}`];
    const print = (items: readonly (NodeItem | SubgraphItem)[], indent: string): void => {
      for (const item of items) {
        if (item.type === 'node') {
          const [open, close] = SHAPES[item.shape];
          out.push(`${indent}${item.id}${open}${quoted(item.label)}${close}`);
        } else {
          out.push(`${indent}subgraph ${item.id}[${quoted(item.title)}]`);
          if (item.direction) out.push(`${indent}  direction ${item.direction}`);
          print(item.items, `${indent}  `);
          out.push(`${indent}end`);
        }
      }
    };
    print(this.items, '  ');
    for (const e of this.edges) {
      const arrow = ARROWS[e.style];
      out.push(`  ${e.from} ${arrow}${e.label === undefined ? '' : `|${quoted(e.label)}|`} ${e.to}`);
    }
    for (const [name, css] of this.classDefs) out.push(`  classDef ${name} ${css}`);
    for (const [name, ids] of this.classMembers) out.push(`  class ${ids.join(',')} ${name}`);
    return `${out.join('\n')}\n`;
  }
}
