import { useEffect, useRef, useState } from 'react';
import type { EvidencePage } from '../../../../shared/ipc/channels/evidence';
import { formatBytes } from '../../../../shared/format/units';
import { auditor } from '../../api/auditor';
import { citedLines } from './citedLines';
import { useEvidenceViewer } from './evidenceViewerStore';
import './evidence.css';

interface Loaded {
  pages: EvidencePage[];
  error: string | null;
  loading: boolean;
}

function Lines({ page, cited }: { page: EvidencePage; cited: Set<number> }) {
  const lines = (page.text ?? '').replace(/\n$/, '').split('\n');
  return (
    <>
      {lines.map((line, i) => {
        const n = page.firstLine + i;
        const hit = cited.has(n);
        return (
          <div key={n} className={`evidence-line${hit ? ' cited' : ''}`} data-line={n} data-cited={hit || undefined}>
            <span className="evidence-lineno" aria-hidden>
              {n}
            </span>
            <span className="evidence-text">{line === '' ? ' ' : line}</span>
          </div>
        );
      })}
    </>
  );
}

/**
 * The evidence viewer: one bundle file at a time, text with line numbers and the lines a
 * finding cites highlighted, a capture as its decoded summary. Big files come in pages
 * (evidence.read returns whole lines up to a size bound); "Show more" fetches the next one.
 */
export function EvidenceViewer() {
  const open = useEvidenceViewer((s) => s.open);
  const close = useEvidenceViewer((s) => s.close);
  const [state, setState] = useState<Loaded>({ pages: [], error: null, loading: false });
  const firstCited = useRef<HTMLDivElement | null>(null);

  const load = (offset: number, append: boolean) => {
    if (!open) return;
    setState((s) => ({ ...s, loading: true, error: null, pages: append ? s.pages : [] }));
    auditor()
      .evidence.read({ auditId: open.auditId, file: open.file, offset })
      .then((page) => setState((s) => ({ pages: append ? [...s.pages, page] : [page], error: null, loading: false })))
      .catch((error: unknown) =>
        setState((s) => ({ ...s, loading: false, error: error instanceof Error ? error.message : String(error) })),
      );
  };

  useEffect(() => {
    if (open) load(0, false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  useEffect(() => {
    firstCited.current?.querySelector('[data-cited]')?.scrollIntoView({ block: 'center' });
  }, [state.pages]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  if (!open) return null;
  const first = state.pages[0];
  const last = state.pages.at(-1);
  const cited = new Set<number>();
  for (const page of state.pages) {
    if (page.kind !== 'text') continue;
    for (const n of citedLines(open.cites, open.file, page.text ?? '', page.firstLine)) cited.add(n);
  }
  return (
    <div className="evidence-backdrop" onClick={close}>
      <section
        className="evidence-viewer panel"
        role="dialog"
        aria-modal="true"
        aria-label={`Evidence ${open.file}`}
        onClick={(e) => e.stopPropagation()}
      >
        <header className="panel-head">
          <div>
            <h2 className="mono">{open.file}</h2>
            <p className="muted small">
              {first ? `${formatBytes(first.size)}` : 'loading…'}
              {first?.kind === 'pcap' ? ' · capture, shown as the decoded summary (pptp-auditor analyze)' : ''}
              {cited.size > 0 ? ` · ${cited.size} cited line${cited.size === 1 ? '' : 's'} highlighted` : ''}
              {open.title ? ` · cited by “${open.title}”` : ''}
            </p>
          </div>
          <button type="button" onClick={close} aria-label="Close the evidence viewer">
            Close
          </button>
        </header>
        {state.error && (
          <p className="error" role="alert">
            {state.error}
          </p>
        )}
        <div className="evidence-body" ref={firstCited} data-testid="evidence-body" data-kind={first?.kind}>
          {first?.kind === 'empty' && <p className="muted">This file is empty (0 bytes): the command printed nothing.</p>}
          {first?.kind === 'binary' && <p className="muted">A binary file of {formatBytes(first.size)}: not shown as text.</p>}
          {first?.kind === 'pcap' && <pre className="evidence-summary">{first.text}</pre>}
          {first?.kind === 'text' && state.pages.map((page) => <Lines key={page.offset} page={page} cited={cited} />)}
        </div>
        {last?.kind === 'text' && last.nextOffset !== null && (
          <footer className="evidence-more">
            <span className="muted small">
              Shown: bytes 0–{formatBytes(last.nextOffset)} of {formatBytes(last.size)}
            </span>
            <button type="button" disabled={state.loading} onClick={() => load(last.nextOffset!, true)}>
              Show more
            </button>
          </footer>
        )}
      </section>
    </div>
  );
}
