import * as RadixDialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from './cn.ts';
import type { ModalProps } from './dialog.tsx';

/** A right-hand panel (a Radix dialog): focus is trapped inside, Esc and the close button close it. */
export function Drawer({
  open,
  onOpenChange,
  title,
  description,
  children,
  className,
}: ModalProps<ReactNode>) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-30 bg-zinc-950/30 data-[state=open]:animate-[fade-in_120ms_ease-out]" />
        <RadixDialog.Content
          className={cn(
            'fixed inset-y-0 right-0 z-30 flex w-[min(44rem,100vw)] flex-col border-l border-zinc-200 bg-white shadow-2xl',
            'focus:outline-none dark:border-zinc-800 dark:bg-zinc-950 data-[state=open]:animate-[drawer-in_180ms_ease-out]',
            className,
          )}
        >
          <header className="flex items-start justify-between gap-3 border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
            <div className="min-w-0">
              <RadixDialog.Title className="truncate text-base font-semibold text-zinc-900 dark:text-zinc-100">
                {title}
              </RadixDialog.Title>
              <RadixDialog.Description className="truncate text-xs text-zinc-500">
                {description ?? ''}
              </RadixDialog.Description>
            </div>
            <RadixDialog.Close
              aria-label="Close"
              className="rounded p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800"
            >
              <X className="size-4" aria-hidden />
            </RadixDialog.Close>
          </header>
          <div className="flex-1 overflow-y-auto">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
