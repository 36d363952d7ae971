import { describe, expect, it } from "vitest";
import { optionsMarkup } from "~/components/options-markup.ts";

describe("optionsMarkup", () => {
  it("marks the chosen value selected, and only that one", () => {
    const { __html } = optionsMarkup(
      [
        { value: "", label: "Any" },
        { value: "SN", label: "Senegal" },
        { value: "FR", label: "France" },
      ],
      "FR",
    );
    expect(__html).toBe('<option value="">Any</option><option value="SN">Senegal</option><option value="FR" selected="">France</option>');
  });

  it("writes groups as optgroups and escapes labels and values as React does", () => {
    const { __html } = optionsMarkup([{ label: `"Others" & <co>`, choices: [{ value: `a"b`, label: "Côte d'Ivoire <CI>" }] }], "");
    expect(__html).toBe('<optgroup label="&quot;Others&quot; &amp; &lt;co&gt;"><option value="a&quot;b">Côte d&#x27;Ivoire &lt;CI&gt;</option></optgroup>');
  });

  it("selects nothing when the value is not a choice", () => {
    expect(optionsMarkup([{ value: "SN", label: "Senegal" }], "ZZ").__html).not.toContain("selected");
  });
});
