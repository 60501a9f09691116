import React from 'react';
import { Button } from '@grafana/ui';

/** Shows a button that folds or unfolds a region of the card, with aria-expanded for screen readers. */
export function DisclosureButton({
  open,
  onToggle,
  controls,
  children,
}: {
  open: boolean;
  onToggle: () => void;
  /** The id of the region the button folds. */
  controls: string;
  children: React.ReactNode;
}) {
  return (
    <Button
      size="sm"
      variant="secondary"
      fill="text"
      icon={open ? 'angle-down' : 'angle-right'}
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
    >
      {children}
    </Button>
  );
}
