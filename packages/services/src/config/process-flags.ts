/**
 * Node flags the gateway and dispatcher processes run with (`pnpm start`, the benchmarks and crash
 * tests; a production supervisor should pass the same). V8 grows a heap toward its default limit (a
 * quarter of the machine's memory) before it collects in earnest: in the million-message blast the
 * gateway reached 656 MB of which little was live. With a 256 MB old generation each process stayed
 * near 330 MB at 100,000 messages.
 */
export const PROCESS_NODE_FLAGS: readonly string[] = ['--max-old-space-size=256'];
