"""JUnit XML for CI test views: one <testsuite> per spec file, one <testcase> per case."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from lstm_shapes.report.suite import CaseResult, Status


def junit_xml(results: Sequence[CaseResult]) -> str:
    root = ET.Element("testsuites", name="lstm-shapes")
    by_file: dict[str, list[CaseResult]] = {}
    for result in results:
        by_file.setdefault(result.case.file, []).append(result)
    for file, group in by_file.items():
        suite = ET.SubElement(
            root,
            "testsuite",
            name=file,
            tests=str(len(group)),
            failures=str(sum(r.status is Status.FAILED for r in group)),
            errors=str(sum(r.status in (Status.INVALID, Status.ERROR) for r in group)),
            time=f"{sum(r.seconds for r in group):.3f}",
        )
        for result in group:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=file,
                name=result.case.name,
                file=file,
                line=str(result.line),
                time=f"{result.seconds:.3f}",
            )
            if result.status is Status.FAILED:
                ET.SubElement(
                    case, "failure", message=result.detail, type="ShapeCheckFailed"
                ).text = result.detail
            elif result.status is not Status.PASSED:
                ET.SubElement(
                    case, "error", message=result.detail, type=result.status.value
                ).text = result.detail
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(results: Sequence[CaseResult], path: Path) -> None:
    path.write_text(junit_xml(results), encoding="utf-8")
