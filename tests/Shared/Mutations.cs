namespace EdgeVae.Tests.Shared;

/// <summary>Character-level mutations of a model file's text: replacements, deletions, truncations, duplications.</summary>
internal static class Mutations
{
    private const string JsonChars = "{}[]\",:-0123456789eE.\\u\n";

    public static string Mutate(string text, Random rng)
    {
        var chars = text.ToCharArray().ToList();
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits && chars.Count > 0; e++)
        {
            int i = rng.Next(chars.Count);
            switch (rng.Next(7))
            {
                case 0: chars[i] = (char)rng.Next(32, 127); break;                 // replace
                case 1: chars.RemoveAt(i); break;                                   // delete
                case 2: chars.Insert(i, JsonChars[rng.Next(JsonChars.Length)]); break; // insert JSON-ish
                case 3: chars.RemoveRange(i, chars.Count - i); break;               // truncate
                case 4:                                                              // duplicate a stretch
                    int from = rng.Next(chars.Count);
                    chars.InsertRange(i, chars.GetRange(from, Math.Min(40, chars.Count - from)));
                    break;
                case 5: chars[i] = (char)rng.Next(0, 0x3000); break;                // any character
                default:                                                             // change a digit
                    int d = new string(chars.ToArray()).IndexOfAny("0123456789".ToCharArray(), i);
                    if (d >= 0 && d < chars.Count) chars[d] = (char)('0' + rng.Next(10));
                    break;
            }
        }
        return new string(chars.ToArray());
    }
}
