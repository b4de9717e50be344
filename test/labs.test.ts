/**
 * Every lab under lessons/NN-slug/lab/ must prove itself (DESIGN.md "The test suite proves every lab"):
 * its solution passes every non-advisory check, its starter fails at least one, and each mistake
 * fails exactly the checks it names. A lab that stops proving itself breaks CI here.
 *
 * It also grades each lab's solution and starter over real HTTP (Node on a loopback port) and
 * expects the same results as in-process.
 */
import { serve } from '@hono/node-server';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { http } from '../sandbox-server/checks';
import { LESSONS_DIR, listLabs, loadLab } from '../sandbox-server/labs/load';
import {
  buildLabApp,
  formatLabReport,
  gradeLab,
  verifyLab,
  type Grade,
  type Lab,
  type LabFiles,
} from '../sandbox-server/labs/verify';

const slugs = await listLabs();

describe('lab discovery', () => {
  it('finds a manifest in every lessons/*/lab folder', () => {
    const labDirs = readdirSync(LESSONS_DIR).filter((name) => existsSync(join(LESSONS_DIR, name, 'lab')));
    expect(labDirs.length).toBeGreaterThan(0);
    expect(slugs).toEqual(labDirs.sort());
  });
});

describe.each(slugs)('lab %s', (slug) => {
  it('proves itself: solution passes, starter fails, each mistake fails exactly its checks', async () => {
    const report = await verifyLab(await loadLab(slug));
    expect(report.ok, `\n${formatLabReport(report)}`).toBe(true);
  });

  it('grades the same over real HTTP as in-process', async () => {
    const lab = await loadLab(slug);
    for (const files of [lab.solution, lab.starter]) {
      const local = await gradeLab(lab, files);
      const remote = await overHttp(lab, files);
      expect(summary(remote)).toEqual(summary(local));
    }
  });
});

function summary(grade: Grade): string[] {
  if (!grade.ok) return [`build: ${grade.problem.message}`];
  return grade.results.map((r) => `${r.id}:${r.status}`);
}

async function overHttp(lab: Lab, files: LabFiles): Promise<Grade> {
  const app = buildLabApp(lab, files);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  try {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return await gradeLab(lab, files, { transport: http(`http://127.0.0.1:${port}`) });
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
  }
}
