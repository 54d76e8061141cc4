import { jsonTypeOf, type FieldMessage } from '../canonical';

/** OpenAI's wording for a refused field (Chat Completions and Responses share it). */
export const wordOpenAiFieldError: FieldMessage = ({ path, rule, value }) => {
  switch (rule) {
    case 'positive-integer':
    case 'non-negative-integer': {
      const minimum = rule === 'positive-integer' ? 1 : 0;
      return Number.isInteger(value)
        ? `Invalid '${path}': integer below minimum value. Expected a value >= ${minimum}, but got ${String(value)} instead.`
        : `Invalid type for '${path}': expected an integer, but got ${jsonTypeOf(value)} instead.`;
    }
    case 'non-negative-number':
      return typeof value === 'number'
        ? `Invalid '${path}': decimal below minimum value. Expected a value >= 0, but got ${value} instead.`
        : `Invalid type for '${path}': expected a decimal, but got ${jsonTypeOf(value)} instead.`;
    case 'boolean':
      return `Invalid type for '${path}': expected a boolean, but got ${jsonTypeOf(value)} instead.`;
    case 'object':
      return `Invalid type for '${path}': expected an object, but got ${jsonTypeOf(value)} instead.`;
  }
};
