/**
 * The script injected into every page the Worker preview renders (srcdoc, sandboxed without
 * allow-same-origin). It turns link clicks and form submissions into postMessage calls; the lab
 * routes them through the runtime and the console's cookie jar.
 *
 * A srcdoc document inherits the page's Content-Security-Policy, so production headers must allow
 * this exact text by hash: the build adds `cspHash(PREVIEW_BRIDGE_SCRIPT)` to the page policy.
 * No imports here, so the build can read it cheaply; any edit changes the hash automatically.
 */
export const PREVIEW_MESSAGE = 'logout-lab-preview';

export const PREVIEW_BRIDGE_SCRIPT = `(()=>{const send=(m)=>parent.postMessage(Object.assign({type:'${PREVIEW_MESSAGE}'},m),'*');
document.addEventListener('click',(e)=>{const a=e.target instanceof Element&&e.target.closest('a[href]');if(!a||e.defaultPrevented)return;const href=a.getAttribute('href');if(!href||href.startsWith('#'))return;e.preventDefault();send({method:'GET',href:href});},true);
document.addEventListener('submit',(e)=>{const f=e.target;if(!(f instanceof HTMLFormElement))return;e.preventDefault();const s=e.submitter;const method=((s&&s.getAttribute('formmethod'))||f.getAttribute('method')||'GET').toUpperCase();const href=(s&&s.getAttribute('formaction'))||f.getAttribute('action')||'';const p=new URLSearchParams();for(const [k,v] of new FormData(f,s||undefined))if(typeof v==='string')p.append(k,v);send({method:method,href:href,body:p.toString()});},true);})();`;
