import * as Menu from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';
import { cn } from './cn.ts';

/** A Radix dropdown menu: keyboard and screen-reader ready. */
export function DropdownMenu({
  trigger,
  children,
  align = 'end',
}: {
  trigger: ReactNode;
  children: ReactNode;
  align?: 'start' | 'end';
}) {
  return (
    <Menu.Root modal={false}>
      <Menu.Trigger asChild>{trigger}</Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align={align}
          sideOffset={4}
          className="z-50 min-w-48 rounded-md border border-zinc-200 bg-white p-1 text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          {children}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}

/** A menu item; a disabled one keeps its place and says why in `reason` (shown as a tooltip). */
export function DropdownItem({
  children,
  onSelect,
  disabled,
  reason,
  danger,
  icon,
}: {
  children: ReactNode;
  onSelect: () => void;
  disabled?: boolean;
  reason?: string;
  danger?: boolean;
  icon?: ReactNode;
}) {
  return (
    <Menu.Item
      disabled={disabled}
      onSelect={onSelect}
      title={disabled ? reason : undefined}
      className={cn(
        'flex cursor-default items-center gap-2 rounded px-2 py-1.5 outline-none select-none',
        'data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800',
        'data-[disabled]:cursor-not-allowed data-[disabled]:opacity-45',
        danger ? 'text-red-600 dark:text-red-400' : 'text-zinc-700 dark:text-zinc-200',
      )}
    >
      {icon}
      <span className="flex-1">{children}</span>
    </Menu.Item>
  );
}

export function DropdownSeparator() {
  return <Menu.Separator className="my-1 h-px bg-zinc-100 dark:bg-zinc-800" />;
}
