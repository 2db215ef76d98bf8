namespace DataPort.Privacy.Detection;

/// <summary>Motor vehicle plates per GA 36-2018, including the 8-character new-energy plates.</summary>
public static class LicensePlate
{
    internal const string Provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.Length is not (7 or 8) || !Provinces.Contains(value[0]) || !IsPlateLetter(value[1]))
        {
            return false;
        }
        var serial = value[2..];
        if (value.Length == 8)
        {
            // New energy: small cars D/F (+ letter or digit) then four digits; large vehicles five digits then D/F.
            return ((serial[0] is 'D' or 'F') && IsPlateAlnum(serial[1]) && Digits.AllDigits(serial[2..]))
                || (Digits.AllDigits(serial[..5]) && serial[5] is 'D' or 'F');
        }
        // Ordinary plates: five characters from digits and letters without I and O; the last may be 警/学/挂/领/港/澳.
        for (var i = 0; i < serial.Length; i++)
        {
            var c = serial[i];
            var lastSpecial = i == serial.Length - 1 && c is '警' or '学' or '挂' or '领' or '港' or '澳' or '试' or '超';
            if (!IsPlateAlnum(c) && !lastSpecial)
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsPlateLetter(char c) => c is >= 'A' and <= 'Z' && c is not ('I' or 'O');

    private static bool IsPlateAlnum(char c) => char.IsAsciiDigit(c) || IsPlateLetter(c);
}
