import { Link } from '@tanstack/react-router';
import { Search } from 'lucide-react';
import type { SearchTerm } from '../../../../contracts/analytics.ts';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { formatFigure } from '../analytics.api.ts';

/** One ranked list of queries; each opens Products searched for it (what a member would have found). */
function TermsTable({
  caption,
  terms,
  figure,
}: {
  caption: string;
  terms: SearchTerm[];
  figure: 'searches' | 'zero';
}) {
  return (
    <div className="min-w-0 flex-1 basis-64">
      <h3 className="px-4 pt-3 text-xs font-medium text-zinc-500 dark:text-zinc-400">{caption}</h3>
      {terms.length === 0 ? (
        <p className="px-4 py-3 text-sm text-zinc-500">None in this window.</p>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">Query</th>
              <th scope="col">{figure === 'zero' ? 'Searches with no result' : 'Searches'}</th>
            </tr>
          </thead>
          <tbody>
            {terms.map((term) => (
              <tr key={term.query} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                <td className="max-w-0 truncate px-4 py-1.5">
                  <Link
                    to="/products"
                    search={{ query: term.query }}
                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                  >
                    {term.query}
                  </Link>
                </td>
                <td className="w-20 px-4 py-1.5 text-right text-zinc-700 tabular-nums dark:text-zinc-300">
                  {formatFigure('count', term[figure])}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The window's top queries and its zero-result queries (the shop's searches, seed 001). */
export function AnalyticsSearchTerms({ top, zero }: { top: SearchTerm[]; zero: SearchTerm[] }) {
  return (
    <Card>
      <CardHeader title="Search queries" icon={<Search className="size-4 text-zinc-400" aria-hidden />} />
      <div className="flex flex-wrap pb-2" data-testid="analytics-search-terms">
        <TermsTable caption="Top queries" terms={top} figure="searches" />
        <TermsTable caption="Zero-result queries" terms={zero} figure="zero" />
      </div>
    </Card>
  );
}
