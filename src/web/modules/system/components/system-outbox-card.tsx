import { Mail } from 'lucide-react';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { EmptyState } from '../../../components/ui/states.tsx';
import { dateTime } from '../../../lib/time.ts';
import { useOutbox } from '../system.api.ts';

/**
 * Development without SMTP_URL keeps mail in a local outbox instead of losing it: reset links and
 * straggler messages can be opened here. Shown only when the outbox is on.
 */
export function SystemOutboxCard() {
  const outbox = useOutbox();
  if (!outbox.data?.enabled) return null;
  const { messages } = outbox.data;
  return (
    <Card>
      <CardHeader title="Outbox (development)" icon={<Mail className="size-4 text-zinc-500" aria-hidden />} />
      {messages.length === 0 ? (
        <EmptyState title="No mail yet">
          Mail sent without SMTP_URL lands here: try a password reset or Catch Stragglers.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="outbox">
          {messages.map((message) => (
            <li key={message.id} data-testid="outbox-message">
              <details className="group px-4 py-2.5 text-sm">
                <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-3 gap-y-0.5 focus-visible:outline-2 focus-visible:outline-indigo-500">
                  <span className="font-medium text-zinc-900 dark:text-zinc-100">{message.subject}</span>
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">to {message.to}</span>
                  <time
                    className="ml-auto text-xs text-zinc-500 dark:text-zinc-400"
                    dateTime={message.createdAt}
                  >
                    {dateTime(message.createdAt)}
                  </time>
                </summary>
                <pre className="mt-2 overflow-x-auto rounded-md bg-zinc-50 p-3 font-sans text-xs whitespace-pre-wrap text-zinc-800 ring-1 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-200 dark:ring-zinc-800">
                  {message.body}
                </pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
