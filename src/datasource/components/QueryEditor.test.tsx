import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { CordonDataSource } from '../datasource';
import type { CordonQuery } from '../types';
import { QueryEditor } from './QueryEditor';

// Grafana's comboboxes measure their text on a canvas, which the jsdom set-up stubs out.
beforeAll(() => {
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({ measureText: () => ({ width: 80 }) } as unknown as CanvasRenderingContext2D);
});

function setup(query: CordonQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<QueryEditor datasource={{} as CordonDataSource} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  it('switches the query type and runs the query', () => {
    const { onChange, onRunQuery } = setup({ refId: 'A', queryType: 'detections' });
    fireEvent.click(screen.getByLabelText('Coverage'));
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'coverage' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('stores the namespace when the field loses focus', () => {
    const { onChange } = setup({ refId: 'A', queryType: 'detections' });
    const input = screen.getByLabelText('Namespace');
    fireEvent.change(input, { target: { value: '$namespace' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.blur(input);
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'detections', namespace: '$namespace' });
  });

  it('rejects max lines above the Loki limit', () => {
    const { onChange } = setup({ refId: 'A', queryType: 'detections' });
    const input = screen.getByLabelText('Max lines');
    fireEvent.change(input, { target: { value: '6000' } });
    fireEvent.blur(input);
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByText('Enter a whole number from 1 to 5000.')).toBeInTheDocument();
  });

  it('hides detection fields for a coverage query', () => {
    setup({ refId: 'A', queryType: 'coverage' });
    expect(screen.queryByLabelText('Namespace')).not.toBeInTheDocument();
    expect(screen.queryByText('Detections')).not.toBeInTheDocument();
  });
});
