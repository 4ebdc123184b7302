/**
 * Must be imported before anything parses with zod: the renderer runs under a CSP without
 * 'unsafe-eval', and zod's JIT would otherwise probe `new Function` (a CSP violation
 * report even though zod catches it).
 */
import { z } from 'zod';

z.config({ jitless: true });
