import { Flowchart, escapeLabel, nodeId } from '../../synth/mermaid';

describe('mermaid flowchart builder', () => {
  it('derives ids from kinds and names, never from keywords or leading digits', () => {
    expect(nodeId('guest', 'k8s-master-01')).toBe('guest_k8s_master_01');
    expect(nodeId('member', 'styx-servers-vlan', 'host', 'asgard-atlas')).toBe('member_styx_servers_vlan_host_asgard_atlas');
    expect(() => nodeId('end')).toThrow(/cannot be a node id/);
    expect(() => nodeId('1st')).toThrow(/must start with a letter/);
  });

  it('escapes quotes, angle brackets and hashes with entity codes', () => {
    expect(escapeLabel('say "hi" <b> #1')).toBe('say #quot;hi#quot; #lt;b#gt; #35;1');
  });

  it('renders nodes, nested subgraphs, edges and classes in declaration order', () => {
    const chart = new Flowchart({ direction: 'LR', comments: ['made in a test'] }).classDef('planned', 'stroke-dasharray:5 5');
    chart.subgraph('outer', ['Outer', 'two lines'], (o) => {
      o.node('a', 'A');
      o.subgraph('inner', 'Inner', (i) => i.node('b', 'B', { shape: 'cylinder', classes: ['planned'] }), { direction: 'TD' });
    });
    chart.node('c', 'C', { shape: 'diamond' });
    chart.edge('a', 'b', { label: 'to b' }).edge('b', 'c', { style: 'dotted' }).edge('outer', 'c', { style: 'thick' });
    expect(chart.render()).toBe(
      [
        '%% made in a test',
        'flowchart LR',
        '  subgraph outer["Outer<br/>two lines"]',
        '    a["A"]',
        '    subgraph inner["Inner"]',
        '      direction TD',
        '      b[("B")]',
        '    end',
        '  end',
        '  c{"C"}',
        '  a -->|"to b"| b',
        '  b -.-> c',
        '  outer ==> c',
        '  classDef planned stroke-dasharray:5 5',
        '  class b planned',
        '',
      ].join('\n'),
    );
    expect([...chart.labels().keys()]).toEqual(['outer', 'a', 'inner', 'b', 'c']);
    expect(chart.edgeList()).toContainEqual({ from: 'a', to: 'b', label: 'to b' });
  });

  it('refuses a duplicate id, an edge to an undeclared node and an undefined class', () => {
    const chart = new Flowchart({ direction: 'TD' });
    chart.node('a', 'A');
    expect(() => chart.node('a', 'again')).toThrow(/declared twice/);
    chart.edge('a', 'ghost');
    expect(() => chart.render()).toThrow(/undeclared "ghost"/);
    expect(() => chart.node('b', 'B', { classes: ['nope'] })).toThrow(/used before its classDef/);
  });
});
