/** Types of scripts/lint-shipped-yaml.js (a plain Node script, also imported by the tests). */
export interface ShippedYamlFile {
  path: string;
  kind: 'action' | 'workflow' | 'yaml';
}
export interface YamlProblem {
  path: string;
  kind: string;
  tool: string;
  line: number;
  column: number;
  message: string;
}
export function shippedYamlFiles(root: string): ShippedYamlFile[];
export function strictYamlProblems(text: string): { line: number; column: number; message: string }[];
export function lintShippedYaml(root: string): Promise<YamlProblem[]>;
