import { createRequire as __hgCreateRequire } from 'node:module'; const require = __hgCreateRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-ZMOC4BHN.js";import"./chunk-PO6ZK36J.js";export{a as child_process,b as crypto,c as fs,d as os,e as path,f as stream,g as util};
