"""The quickstart notebook runs end to end in a real kernel and shows what it promises."""

from __future__ import annotations

from conftest import ROOT


def test_quickstart_notebook_executes(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "quickstart.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "Russia" in text and "Syrian government" in text
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the matplotlib chart
    assert any("iframe" in str(o.get("data", {}).get("text/html", "")) for o in outputs)  # the viewer inline
    nbformat.write(nb, tmp_path / "quickstart-executed.ipynb")
