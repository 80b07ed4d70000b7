import { getRouteApi, Link } from '@tanstack/react-router';
import { ArrowLeft, FileDown, Printer } from 'lucide-react';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { PageHeader } from '../../components/page-header.tsx';
import { Button, buttonClass } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { Select } from '../../components/ui/select.tsx';
import { ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { dateTime, STONES_PATH, useSheet } from './stones.api.ts';

const route = getRouteApi('/_console/stones/batches/$id/sheet');
/** The same grid as the server's PDF: 4 × 5 codes a page, which fits both A4 and Letter. */
const PER_PAGE = 20;

/**
 * A batch's printable sheet: each stone's QR code (SVG from the server) with its code under it.
 * On screen a preview; when printed, only the sheet (a portal outside the console) is on paper.
 */
export function SheetPage() {
  const { id } = route.useParams();
  const sheet = useSheet(id);
  const [paper, setPaper] = useState<'a4' | 'letter'>('a4');
  if (sheet.error)
    return (
      <Card>
        <ErrorState error={sheet.error} onRetry={() => void sheet.refetch()} />
      </Card>
    );
  if (!sheet.data)
    return (
      <Card>
        <SkeletonRows rows={8} label="Loading sheet" />
      </Card>
    );
  const { batch, stones } = sheet.data;
  const pages: (typeof stones)[] = [];
  for (let start = 0; start < stones.length; start += PER_PAGE)
    pages.push(stones.slice(start, start + PER_PAGE));
  const sheetPages = (
    <div className="qr-sheet" data-paper={paper} data-testid="qr-sheet">
      <style>{`@page { size: ${paper === 'a4' ? 'A4' : 'letter'}; margin: 12mm; }`}</style>
      {pages.map((page, index) => (
        <section key={page[0]?.id ?? index} className="qr-sheet-page">
          {page.map((stone) => (
            <figure key={stone.id} className="qr-sheet-cell">
              {/* As an image: an SVG in <img> runs nothing, whatever it holds. */}
              <img
                className="qr-sheet-code"
                alt={`QR code ${stone.code}`}
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(stone.svg)}`}
              />
              <figcaption>{stone.code}</figcaption>
            </figure>
          ))}
        </section>
      ))}
    </div>
  );

  return (
    <div className="mx-auto max-w-[96rem]">
      <Link
        to="/stones"
        search={{ view: 'batches' }}
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800"
      >
        <ArrowLeft className="size-4" aria-hidden /> Batches
      </Link>
      <PageHeader
        title={`QR sheet · ${batch.count} ${batch.kind}s`}
        description={`Batch made ${dateTime(batch.createdAt)}${batch.location ? ` · premapped to ${batch.location.name}` : ''} · ${pages.length} page${pages.length === 1 ? '' : 's'}`}
        actions={
          <>
            <Select
              aria-label="Paper"
              value={paper}
              onChange={(event) => setPaper(event.target.value as 'a4')}
            >
              <option value="a4">A4</option>
              <option value="letter">Letter</option>
            </Select>
            <a
              href={`${STONES_PATH}/batches/${batch.id}/sheet.pdf?paper=${paper}`}
              className={buttonClass('secondary')}
            >
              <FileDown className="size-4" aria-hidden /> PDF
            </a>
            <Button variant="primary" onClick={() => window.print()}>
              <Printer className="size-4" aria-hidden /> Print
            </Button>
          </>
        }
      />
      <Card className="overflow-x-auto bg-zinc-100 p-4 dark:bg-zinc-900">{sheetPages}</Card>
      {createPortal(<div className="qr-print-root">{sheetPages}</div>, document.body)}
    </div>
  );
}
