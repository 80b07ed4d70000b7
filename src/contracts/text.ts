import { z } from 'zod';

/** A string that holds no NUL character (Postgres text cannot store one: 400, not 500). */
export const plainText = () =>
  z.string().refine((value) => !value.includes('\u0000'), { message: 'must not contain a NUL character' });
