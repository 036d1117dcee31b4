import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from './api.ts';

export interface Polled<T> {
  data: T | undefined;
  error: string | null;
  /** False until the first answer (or failure) arrives. */
  loaded: boolean;
  refresh(): void;
}

/** Calls `load` now and every `intervalMs`, never two at once; onError sees each failure. */
export function usePolling<T>(
  load: () => Promise<T>,
  intervalMs: number,
  onError?: (error: unknown) => void,
): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const loadRef = useRef(load);
  const onErrorRef = useRef(onError);
  loadRef.current = load;
  onErrorRef.current = onError;
  const inFlight = useRef(false);
  const alive = useRef(true);

  const tick = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const next = await loadRef.current();
      if (!alive.current) return;
      setData(next);
      setError(null);
    } catch (e) {
      if (!alive.current) return;
      setError(errorText(e));
      onErrorRef.current?.(e);
    } finally {
      inFlight.current = false;
      if (alive.current) setLoaded(true);
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    void tick();
    const timer = setInterval(() => void tick(), intervalMs);
    return () => {
      alive.current = false;
      clearInterval(timer);
    };
  }, [tick, intervalMs]);

  return { data, error, loaded, refresh: () => void tick() };
}
