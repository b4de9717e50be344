/**
 * The lab bundle's entry, dynamic-imported by ../boot.ts when "Start lab" is pressed: loads the
 * lab's sources and mounts <logout-lab>. Runtime adapters load later, only the one chosen.
 */
import { loadLabSources, type LabManifest } from '../files';
import { LabElement } from '../ui/lab-app';
import '../ui/styles.css';

function preferred(): 'auto' | 'worker' | 'webcontainer' {
  // ?lab-runtime=worker skips the WebContainer attempt (benchmarks, or a learner who wants it).
  const wanted = new URLSearchParams(location.search).get('lab-runtime');
  return wanted === 'worker' || wanted === 'webcontainer' ? wanted : 'auto';
}

export async function mountLab(root: HTMLElement): Promise<LabElement> {
  const lessonId = root.dataset['lesson'];
  if (!lessonId) throw new Error('this lab has no data-lesson attribute (the lesson folder name)');
  // The build wrote data-lab from the validated lab.json (a broken one fails the build), so it is trusted as is.
  const given = root.dataset['lab'] ? (JSON.parse(root.dataset['lab']) as LabManifest) : undefined;
  const sources = await loadLabSources(lessonId, given);
  let status = root.querySelector<HTMLElement>('[data-lab-status]');
  if (!status) {
    status = document.createElement('p');
    root.append(status);
  }
  const mount = root.querySelector<HTMLElement>('[data-lab-mount]') ?? root;
  const element = document.createElement('logout-lab') as LabElement;
  mount.append(element);
  const { labNextHref: href, labNextLabel: label } = root.dataset;
  await element.init({
    sources,
    status,
    prefer: preferred(),
    tokens: root.dataset['labTokens'] === 'true',
    next: href && label ? { href, label } : undefined,
  });
  return element;
}
