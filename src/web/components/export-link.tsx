import { Download } from 'lucide-react';
import type { MouseEvent } from 'react';
import { requireStepUp } from '../lib/step-up.ts';
import { stepUpValid, useMe } from '../modules/auth/auth.api.ts';
import { buttonClass } from './ui/button.tsx';

/**
 * Downloads a list's export (`platform/export.ts` on the server) for the filters in `href`. A download
 * is a plain navigation: the step-up is made fresh first, or it would fail without a dialog.
 */
export function ExportLink({
  href,
  label = 'CSV',
  testId,
}: {
  href: string;
  label?: string;
  testId?: string;
}) {
  const me = useMe().data;
  const download = (event: MouseEvent<HTMLAnchorElement>) => {
    if (stepUpValid(me)) return;
    event.preventDefault();
    const target = event.currentTarget.href;
    requireStepUp(me?.stepUp.enrolled ?? true)
      .then(() => window.location.assign(target))
      .catch(() => {});
  };
  return (
    <a
      href={href}
      download
      onClick={download}
      className={buttonClass('secondary', 'sm')}
      data-testid={testId}
    >
      <Download className="size-3.5" aria-hidden /> {label}
    </a>
  );
}
