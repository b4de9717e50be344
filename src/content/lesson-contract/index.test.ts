import { mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import {
  checkMyth,
  checkNeeds,
  checkPrediction,
  createIdRegistry,
  lessonContract,
  propWords,
  type SectionInfo,
} from './index';

const root = '/course';
const file = (path: string) => new URL(`file://${root}/${path}`);

/** Compiles MDX through the plugin; returns the contract or the error message. */
async function compile(source: string, path = 'lessons/03-basic-logout-route/index.mdx') {
  const astro = {
    frontmatter: {} as Record<string, unknown>,
    headings: [],
    localImagePaths: new Set<string>(),
    remoteImagePaths: new Set<string>(),
  };
  try {
    await mdxToJs(source, { mdastPlugins: [lessonContract({ root })], fileURL: file(path), data: { astro } });
    return { contract: astro.frontmatter['contract'], error: undefined };
  } catch (error) {
    return { contract: undefined, error: (error as Error).message };
  }
}

const prediction = (attrs: string, body = 'Because the session lives on the server.') =>
  `<Section kind="prediction" title="Predict">\n\n<Prediction ${attrs}>\n${body}\n</Prediction>\n\n</Section>\n`;

describe('checkPrediction', () => {
  const ok = { id: 'l3-post', question: 'Which method?', options: ['GET', 'POST'], answer: 1 };
  it('accepts a complete prediction', () => expect(checkPrediction(ok, 'Why.')).toEqual([]));
  it('explains each problem', () => {
    expect(checkPrediction({ ...ok, answer: 2 }, 'Why.')).toEqual([
      'has no correct answer: answer={2} is out of range (the 2 options are numbered 0 to 1). Fix: set answer to the index of the correct option, counting from 0',
    ]);
    expect(checkPrediction({ ...ok, answer: undefined }, 'Why.')).toEqual([
      'has no correct answer (answer is missing). Fix: add answer={0}, the index of the correct option counting from 0',
    ]);
    expect(checkPrediction({ ...ok, answer: '1' }, 'Why.')).toEqual([
      'answer must be the index of the correct option, got "1" (text). Fix: write answer={1}',
    ]);
    expect(checkPrediction({ ...ok, options: ['POST', 'GET', ' post '] }, 'Why.')).toEqual([
      'options 0 and 2 are both "post". Fix: make every option different',
    ]);
    expect(checkPrediction(ok, '  ')).toEqual([
      'has an empty explanation. Fix: write why the answer is right between <Prediction …> and </Prediction>',
    ]);
    expect(checkPrediction({ ...ok, question: undefined, extra: 1 }, 'Why.')).toEqual([
      'unknown prop extra. Fix: remove it (props: id, question, options, answer)',
      'has no question. Fix: add question="…", the question the learner commits to',
    ]);
    expect(checkPrediction({ ...ok, id: undefined }, 'Why.')).toEqual([
      'has no id. Fix: add id="l3-post-or-get" (unique across the course; start it with the lesson number)',
    ]);
    expect(checkPrediction({ ...ok, options: ['only'] }, 'Why.')).toEqual([
      'needs at least 2 options, has 1. Fix: add the plausible wrong answers to options',
    ]);
  });
});

describe('checkMyth', () => {
  const ok = {
    id: 'myth-redirect',
    claim: 'A redirect logs you out.',
    answer: false,
    reality: 'It does not.',
  };
  it('accepts a complete myth', () => expect(checkMyth(ok, 'Why it matters.')).toEqual([]));
  it('explains each problem', () => {
    expect(checkMyth({ ...ok, answer: 'false' }, 'Why.')).toEqual([
      'answer must be true or false, got "false" (text). Fix: write answer={false} (braces, no quotes)',
    ]);
    expect(checkMyth({ ...ok, reality: '' }, '')).toEqual([
      'has no reality. Fix: add reality="…", one sentence saying what is really true',
      'has an empty explanation. Fix: write why it matters between <Myth …> and </Myth>',
    ]);
    expect(checkMyth({ ...ok, answer: undefined }, 'Why.')).toEqual([
      'has no correct answer (answer is missing). Fix: add answer={false} if the claim is wrong, answer={true} if it is right',
    ]);
  });
});

describe('missing ids', () => {
  it('suggest an example that follows the rule the message states (starts with the lesson number)', () => {
    const messages = [
      checkPrediction({ question: 'Q?', options: ['a', 'b'], answer: 0 }, 'Why.')[0],
      checkMyth({ claim: 'C.', answer: false, reality: 'R.' }, 'Why.')[0],
    ];
    expect(messages).toEqual([
      'has no id. Fix: add id="l3-post-or-get" (unique across the course; start it with the lesson number)',
      'has no id. Fix: add id="l3-myth-redirect" (unique across the course; start it with the lesson number)',
    ]);
    for (const message of messages) expect(/id="(l\d+-[a-z0-9-]+)"/.exec(message ?? '')?.[1]).toBeDefined();
  });
});

describe('createIdRegistry', () => {
  it('reports the earlier owner and forgets a recompiled file', () => {
    const ids = createIdRegistry();
    expect(ids.claim('l3-a', 'lessons/03/index.mdx', 4)).toBeUndefined();
    expect(ids.claim('l3-a', 'lessons/05/index.mdx', 9)).toEqual({ file: 'lessons/03/index.mdx', line: 4 });
    ids.forget('lessons/03/index.mdx');
    expect(ids.claim('l3-a', 'lessons/05/index.mdx', 9)).toBeUndefined();
  });
});

describe('lessonContract plugin', () => {
  it('records sections, predictions, myths and the lab', async () => {
    const { contract, error } = await compile(
      `${prediction('id="t1-a" question="Q?" options={["a", "b"]} answer={1}')}
<Section kind="myth" title="Myth: redirects log you out">

<Myth id="t1-myth" claim="Redirecting logs out." answer={false} reality="Only clearing the session does.">
Why it matters.
</Myth>

</Section>

<Section kind="concept" title="Why POST">

GET must be **safe**, so \`POST /logout\` it is.

<CodeTabs>

\`\`\`python
@app.post("/logout")
\`\`\`

\`\`\`ts
app.post('/logout', (c) => c.redirect('/', 303))
\`\`\`

</CodeTabs>

</Section>

<Section kind="lab" title="Lab" id="the-lab" needs={["why-post"]}>

<Lab />

</Section>
`,
    );
    expect(error).toBeUndefined();
    // words: prose a reader reads (titles, text, inline code, question, options, claim, reality), not fenced code.
    expect(contract).toEqual({
      sections: [
        { id: 'predict', kind: 'prediction', title: 'Predict', words: 1 + 1 + 2 + 7 },
        {
          id: 'myth-redirects-log-you-out',
          kind: 'myth',
          title: 'Myth: redirects log you out',
          words: 5 + 3 + 5 + 3,
        },
        { id: 'why-post', kind: 'concept', title: 'Why POST', words: 2 + 9 },
        { id: 'the-lab', kind: 'lab', title: 'Lab', words: 1, needs: ['why-post'] },
      ],
      predictions: ['t1-a'],
      myths: ['t1-myth'],
      lab: true,
      sectionOf: { 't1-a': 'predict', 't1-myth': 'myth-redirects-log-you-out' },
      labSection: 'the-lab',
    });
  });

  it('names file, line and component id for bad props', async () => {
    const { error } = await compile(
      prediction('id="t2-a" question="Q?" options={["a", "b", "c"]} answer={3}'),
    );
    expect(error).toBe(
      'Lesson content problem in lessons/03-basic-logout-route/index.mdx:\n- lessons/03-basic-logout-route/index.mdx:3 <Prediction id="t2-a">: has no correct answer: answer={3} is out of range (the 3 options are numbered 0 to 2). Fix: set answer to the index of the correct option, counting from 0',
    );
  });

  it('finds an empty explanation and a missing prop', async () => {
    const { error } = await compile(prediction('id="t3-a" options={["a", "b"]} answer={0}', ''));
    expect(error).toContain('index.mdx:3 <Prediction id="t3-a">: has no question.');
    expect(error).toContain('index.mdx:3 <Prediction id="t3-a">: has an empty explanation.');
  });

  it('names both files of a duplicate id across the course', async () => {
    await compile(
      prediction('id="t4-dup" question="Q?" options={["a", "b"]} answer={0}'),
      'lessons/04-login-manager/index.mdx',
    );
    const { error } = await compile(
      prediction('id="t4-dup" question="Q?" options={["a", "b"]} answer={0}'),
      'lessons/05-session-security/index.mdx',
    );
    expect(error).toContain(
      'lessons/05-session-security/index.mdx:3 <Prediction id="t4-dup">: duplicate id: lessons/04-login-manager/index.mdx:3 already uses "t4-dup". Fix: rename one; ids are unique across the course',
    );
  });

  it('allows recompiling the same file with the same ids', async () => {
    const source = prediction('id="t5-a" question="Q?" options={["a", "b"]} answer={0}');
    expect((await compile(source)).error).toBeUndefined();
    expect((await compile(source)).error).toBeUndefined();
  });

  it('requires every top-level block to be a Section', async () => {
    const { error } = await compile(
      'Stray words here.\n\n<Section kind="concept" title="Fine">\n\nText.\n\n</Section>\n',
    );
    expect(error).toContain(
      'index.mdx:1 content outside a <Section>: a paragraph starting "Stray words here.". Fix: wrap every top-level block in <Section kind="…" title="…">',
    );
  });

  it('checks placement, kinds, code tabs, pitfalls and unknown components', async () => {
    const { error } = await compile(`<Section kind="concept" title="Mixed">

<Myth id="t6-m" claim="c" answer={true} reality="r">Why.</Myth>

<CodeTabs>
\`\`\`ts
a()
\`\`\`
</CodeTabs>

<Pitfall title="Oops">
<Wrong>w</Wrong>
</Pitfall>

<Callout>hi</Callout>

</Section>

<Section kind="story" title="Bad kind">

Text.

</Section>
`);
    expect(error).toContain(
      '<Myth id="t6-m">: must sit inside <Section kind="myth">, not kind="concept". Fix: move it into a myth section',
    );
    expect(error).toContain(
      '<CodeTabs>: must wrap exactly two fenced code blocks, ```python then ```ts (found: ts).',
    );
    expect(error).toContain('<Pitfall>: needs exactly one <Right> inside, has 0.');
    expect(error).toContain('<Callout>: is not a lesson component.');
    expect(error).toContain('<Section>: kind "story" (text) is not a section kind.');
  });

  it('rejects fenced code outside <CodeTabs>, in lessons and reference pages alike', async () => {
    const lone = `<Section kind="concept" title="Forms">

Text.

\`\`\`html
<form method="post" action="/logout"></form>
\`\`\`

</Section>

<Section kind="pitfall" title="A GET logout">

<Pitfall title="Oops">

<Wrong>

\`\`\`
app.get('/logout')
\`\`\`

</Wrong>

<Right>r</Right>

<RootCause>c</RootCause>

</Pitfall>

</Section>
`;
    const fix =
      'Fix: put every example in <CodeTabs>, a ```python block (Flask) then a ```ts block (Hono); a lone name or header can be `inline code` in the prose';
    expect((await compile(lone)).error).toBe(
      [
        '2 lesson content problems in lessons/03-basic-logout-route/index.mdx:',
        `- lessons/03-basic-logout-route/index.mdx:5 code outside <CodeTabs>: a \`\`\`html block. ${fix}`,
        `- lessons/03-basic-logout-route/index.mdx:17 code outside <CodeTabs>: a fenced block with no language. ${fix}`,
      ].join('\n'),
    );
    expect((await compile(lone, 'lessons/reference/under-the-hood.mdx')).error).toContain(
      `lessons/reference/under-the-hood.mdx:5 code outside <CodeTabs>: a \`\`\`html block. ${fix}`,
    );
    // The same blocks inside <CodeTabs> are fine, and inline code is never a block.
    const tabs =
      '<Section kind="code" title="Tabs">\n\nUse `Cache-Control: no-store`.\n\n<CodeTabs>\n\n```python\na()\n```\n\n```ts\nb()\n```\n\n</CodeTabs>\n\n</Section>\n';
    expect((await compile(tabs)).error).toBeUndefined();
  });

  it("checks a lab section's needs against the page, once every section is known", async () => {
    const lab = (needs: string) => `<Section kind="lab" title="Lab"${needs}>\n\n<Lab />\n\n</Section>\n`;
    const concept = '<Section kind="concept" title="Why POST">\n\nText.\n\n</Section>\n';
    // A lab may name a concept that comes after it.
    expect((await compile(`${lab(' needs={["why-post"]}')}\n${concept}`)).error).toBeUndefined();
    expect((await compile(`${concept}\n${lab(' needs={["why-get"]}')}`)).error).toBe(
      'Lesson content problem in lessons/03-basic-logout-route/index.mdx:\n- lessons/03-basic-logout-route/index.mdx:7 <Section>: needs names "why-get", but no section on this page has that id. Fix: use a concept section\'s id, the slug of its title unless it sets id="…" (concept ids on this page: why-post)',
    );
    expect((await compile(`${concept}\n${lab('')}`)).error).toContain(
      'index.mdx:7 <Section>: has no needs: the ids of the concept sections this lab relies on, which Hands-on mode shows after the lab. Fix: add needs={["why-post"]} (concept ids on this page: why-post)',
    );
  });

  it('ignores MDX outside lessons/', async () => {
    expect((await compile('Loose text.', 'src/pages/other.mdx')).error).toBeUndefined();
  });
});

describe('checkNeeds', () => {
  const sections: SectionInfo[] = [
    { id: 'why-post', kind: 'concept', title: 'Why POST', words: 10 },
    { id: 'a-route', kind: 'code', title: 'A route', words: 10 },
    { id: 'the-copy', kind: 'concept', title: 'The copy', words: 10 },
  ];
  const onPage = '(concept ids on this page: why-post, the-copy)';
  it('accepts concept ids of the page, and an empty list', () => {
    expect(checkNeeds('lab', ['the-copy', 'why-post'], sections)).toEqual([]);
    expect(checkNeeds('lab', [], sections)).toEqual([]);
    expect(checkNeeds('concept', undefined, sections)).toEqual([]);
  });
  it("explains each problem with the page's concept ids", () => {
    expect(checkNeeds('lab', ['why-post', 'a-route', 'nope', 'why-post'], sections)).toEqual([
      `needs names "a-route", a code section. Fix: name concept sections only ${onPage}`,
      `needs names "nope", but no section on this page has that id. Fix: use a concept section's id, the slug of its title unless it sets id="…" ${onPage}`,
      'needs lists "why-post" twice. Fix: name each concept once',
    ]);
    expect(checkNeeds('lab', 'why-post', sections)).toEqual([
      `needs must be a list of concept section ids, got "why-post" (text). Fix: write needs={["why-post"]} ${onPage}`,
    ]);
    expect(checkNeeds('lab', undefined, [])).toEqual([
      'has no needs: the ids of the concept sections this lab relies on, which Hands-on mode shows after the lab. Fix: add needs={[]} (this page has no concept section; needs={[]} shows the lab alone)',
    ]);
    expect(checkNeeds('concept', ['why-post'], sections)).toEqual([
      'needs is only for the lab section (this is a concept section). Fix: remove it, and list the concepts the lab relies on in <Section kind="lab" needs={[…]}>',
    ]);
  });
});

describe('propWords', () => {
  it('counts the props a reader reads, not ids, answers or settings', () => {
    expect(
      propWords('Prediction', {
        id: 'l3-a',
        question: 'Which method ends it?',
        options: ['GET', 'POST now'],
        answer: 1,
      }),
    ).toBe(4 + 3);
    expect(
      propWords('Flow', {
        caption: 'Two steps.',
        steps: [
          { label: 'Log in', detail: 'a session' },
          { label: 'Out', actor: 'Server' },
        ],
      }),
    ).toBe(2 + 4 + 2);
    expect(propWords('Myth', { id: 'm', claim: 'A claim.', reality: 'The truth here.', answer: false })).toBe(
      5,
    );
    expect(propWords('CodeTabs', { labels: ['a b'] })).toBe(0);
  });
});
