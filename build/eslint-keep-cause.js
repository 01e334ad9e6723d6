// @ts-check
/**
 * ESLint rule `portwarden/keep-cause`: an error thrown inside a `catch (error)` block keeps
 * what was caught as its `cause` (`new X(message, { cause: error })`, any argument), so a
 * wrapping error never hides the original one. ESLint's own preserve-caught-error does this
 * for the built-in Error types only; ours are classes (ControlError, ConfigError, …).
 * Rethrowing the caught value itself is fine; a `catch` without a binding has nothing to keep.
 */

/** @param {import('estree').Node} node */
function passesCause(node) {
  if (node.type !== 'NewExpression') return true;
  return node.arguments.some(
    (arg) =>
      arg.type === 'SpreadElement' ||
      (arg.type === 'ObjectExpression' &&
        arg.properties.some(
          (p) =>
            p.type === 'SpreadElement' || (p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'cause'),
        )),
  );
}

/** @type {import('eslint').Rule.RuleModule} */
export const keepCauseRule = {
  meta: {
    type: 'problem',
    docs: { description: 'an error thrown in a catch block keeps the caught error as its cause' },
    schema: [],
    messages: { noCause: 'Pass the caught error on: new …(…, { cause: {{name}} }).' },
  },
  create(context) {
    return {
      ThrowStatement(node) {
        /** @type {import('eslint').Rule.Node | null} */
        let at = node.parent;
        while (at && at.type !== 'CatchClause') {
          if (at.type === 'FunctionDeclaration' || at.type === 'FunctionExpression' || at.type === 'ArrowFunctionExpression') return;
          at = at.parent;
        }
        if (!at || at.type !== 'CatchClause' || !at.param || at.param.type !== 'Identifier') return;
        if (passesCause(node.argument)) return;
        context.report({ node, messageId: 'noCause', data: { name: at.param.name } });
      },
    };
  },
};
