import type { CSSProperties } from 'react';

/** Fixed row height: the virtualiser positions rows without measuring them. */
export const ROW_HEIGHT = 40;
export const CHECK_WIDTH = 44;

export const cellStyle = (width: number): CSSProperties => ({
  display: 'flex',
  alignItems: 'center',
  width,
  minWidth: width,
  flex: 'none',
  overflow: 'hidden',
  whiteSpace: 'nowrap',
  textOverflow: 'ellipsis',
  boxSizing: 'border-box',
});
