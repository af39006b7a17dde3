// Parses each BPMN file named on the command line with bpmn-moddle and fails on any error or
// warning (unknown elements, unresolved references, invalid attributes). Prints one line a file.
import { readFile } from 'node:fs/promises';
import BpmnModdle from 'bpmn-moddle';

const moddle = new BpmnModdle();
let failed = 0;
for (const path of process.argv.slice(2)) {
  try {
    const xml = await readFile(path, 'utf8');
    const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
    const process_ = rootElement.rootElements.find((e) => e.$type === 'bpmn:Process');
    const diagram = rootElement.diagrams?.[0]?.plane?.planeElement ?? [];
    if (warnings.length > 0) {
      failed += 1;
      console.log(`FAIL ${path}: ${warnings.map((w) => w.message).join(' | ')}`);
    } else if (!process_ || diagram.length === 0) {
      failed += 1;
      console.log(`FAIL ${path}: no process or no diagram`);
    } else {
      console.log(`ok ${path}: ${process_.flowElements.length} flow elements, ${diagram.length} diagram elements`);
    }
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${path}: ${e.message}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
