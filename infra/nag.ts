import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 acknowledgements. Each one names the exact finding (rule id and, for wildcard
 * findings, the flattened resource) and gives the reason for that resource; there is no
 * blanket suppression by rule.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** How cdk-nag prints `Fn::GetAtt [<resource>, Arn]` of a resource in the same stack. */
export function nagArnOf(resource: IConstruct): string {
  const cfn = (resource.node.defaultChild ?? resource) as CfnElement;
  return `<${Stack.of(resource).getLogicalId(cfn)}.Arn>`;
}

/** Acknowledges the IAM5 finding of each object-prefix grant `<bucket ref>/<prefix>*` on one policy. */
export function acknowledgeObjectPrefixes(scope: IConstruct, bucketRef: string, prefixes: readonly string[], reason: string): void {
  for (const prefix of prefixes) acknowledge(scope, `AwsSolutions-IAM5[Resource::${bucketRef}/${prefix}*]`, reason);
}

/**
 * A value as cdk-nag prints it in a finding id: resolved in the scope's stack, then flattened
 * (`Fn::Join` joined, `Ref` → `<Ref>`, `Fn::GetAtt` → `<Res.Attr>`, `${x}` → `<x>`, other
 * intrinsics as JSON). Pseudo parameters come out literal when the stack has an explicit env.
 */
export function nagFlatten(scope: IConstruct, value: unknown): string {
  const visit = (node: unknown): string => {
    if (node === undefined) return '';
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    const o = node as Record<string, unknown>;
    if (o['Fn::Join']) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(visit).join(delimiter);
    }
    if (o['Fn::Sub']) return visit(o['Fn::Sub']);
    if (o['Fn::GetAtt']) {
      const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
      return `<${visit(resource)}.${visit(attribute)}>`;
    }
    if (o['Fn::ImportValue']) return visit(o['Fn::ImportValue']);
    if (o.Ref) return `<${visit(o.Ref)}>`;
    return JSON.stringify(node);
  };
  return visit(Stack.of(scope).resolve(value));
}
