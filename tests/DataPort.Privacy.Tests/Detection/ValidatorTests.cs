using DataPort.Privacy.Detection;

namespace DataPort.Privacy.Tests.Detection;

public class ValidatorTests
{
    [Theory]
    [InlineData("91350200MA2Y1234", false)] // too short
    [InlineData("91350200MA31ABCD7", false)] // 17 characters
    [InlineData("91350200MA2XYZ1IO0", false)] // I and O are not in the GB 32100 alphabet
    public void Given_malformed_codes_When_checked_as_USCC_Then_they_fail(string code, bool expected)
    {
        Assert.Equal(expected, Uscc.IsValid(code));
    }

    [Theory]
    [InlineData("91350200MA2Y0XXXX")]
    [InlineData("12350200488000000")]
    [InlineData("5235020066000123X")]
    public void Given_codes_with_their_check_character_When_checked_Then_valid_and_a_changed_one_fails(string first17)
    {
        var valid = first17 + Uscc.CheckCharacter(first17);
        Assert.True(Uscc.IsValid(valid));
        var wrong = first17 + (valid[17] == '0' ? '1' : '0');
        Assert.False(Uscc.IsValid(wrong));
    }

    [Fact]
    public void Given_a_UnionPay_number_When_its_Luhn_digit_is_right_or_wrong_Then_both_score_but_differently()
    {
        const string body = "622202100112233445";
        var check = Enumerable.Range(0, 10).Select(d => body + d).Single(n => BankCard.Luhn(n));
        var wrong = body + (char)('0' + (check[^1] - '0' + 1) % 10);
        Assert.Equal(1.0, BankCard.Score(check));
        Assert.Equal(0.6, BankCard.Score(wrong)); // some real UnionPay debit cards carry no Luhn digit
    }

    [Theory]
    [InlineData("4111111111111111", 1.0)] // Luhn-valid Visa test number
    [InlineData("4111 1111 1111 1111", 1.0)]
    [InlineData("4111111111111112", 0.2)]
    [InlineData("1234567890123456", 0)] // no known issuer
    [InlineData("622202100112", 0)] // too short
    public void Given_card_numbers_When_scored_Then_Luhn_is_a_soft_signal(string number, double expected)
    {
        Assert.Equal(expected, BankCard.Score(number));
    }

    [Theory]
    [InlineData("闽D12345", true)]
    [InlineData("闽DA1B2C", true)]
    [InlineData("闽DD12345", true)] // small new-energy (electric)
    [InlineData("闽DFA1234", true)] // small new-energy (hybrid), letter in the second place
    [InlineData("闽D12345D", true)] // large new-energy
    [InlineData("闽D1234警", true)]
    [InlineData("闽D1234", false)] // too short
    [InlineData("闽DI2345", false)] // I is never used
    [InlineData("闽DA12345", false)] // 8 characters but not a new-energy pattern
    [InlineData("X D12345", false)]
    [InlineData("沪12345A", false)] // second character must be a letter
    public void Given_plates_When_validated_Then_only_GA36_shapes_pass(string plate, bool expected)
    {
        Assert.Equal(expected, LicensePlate.IsValid(plate));
    }

    [Theory]
    [InlineData("13812345678", true)]
    [InlineData("+8613812345678", true)]
    [InlineData("138-1234-5678", true)]
    [InlineData("19912345678", true)]
    [InlineData("14412345678", false)] // 144 is not allocated
    [InlineData("12012345678", false)]
    [InlineData("1381234567", false)]
    [InlineData("23812345678", false)]
    public void Given_numbers_When_checked_as_mobile_Then_the_numbering_plan_decides(string number, bool expected)
    {
        Assert.Equal(expected, Phone.IsMobile(number));
    }

    [Theory]
    [InlineData("0592-5123456", true)]
    [InlineData("(0592)5123456", true)]
    [InlineData("010-81234567", true)]
    [InlineData("05925123456", true)]
    [InlineData("0592-0123456", false)] // local numbers do not start with 0
    [InlineData("13812345678", false)]
    [InlineData("0001-2345678", false)]
    public void Given_numbers_When_checked_as_landline_Then_area_codes_decide(string number, bool expected)
    {
        Assert.Equal(expected, Phone.IsLandline(number));
    }

    [Theory]
    [InlineData("zhang.san@example.com", true)]
    [InlineData("a+b@mail.example.cn", true)]
    [InlineData("not-an-email", false)]
    [InlineData("a@b", false)]
    [InlineData("a@@b.com", false)]
    [InlineData("a@b..com", false)]
    [InlineData("张三@example.com", false)]
    public void Given_strings_When_checked_as_email_Then_shape_decides(string value, bool expected)
    {
        Assert.Equal(expected, Email.IsValid(value));
    }

    [Theory]
    [InlineData("192.168.1.20", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("256.1.1.1", false)]
    [InlineData("1.2.3", false)]
    [InlineData("01.2.3.4", false)]
    [InlineData("12345678", false)]
    public void Given_strings_When_checked_as_ip_Then_dotted_quads_and_v6_pass(string value, bool expected)
    {
        Assert.Equal(expected, IpAddress.IsValid(value));
    }

    [Theory]
    [InlineData("E12345678", 1.0)]
    [InlineData("EA1234567", 1.0)]
    [InlineData("G12345678", 0.8)]
    [InlineData("C12345678", 0)] // that is a Hong Kong and Macao permit
    [InlineData("E123456", 0)]
    public void Given_documents_When_scored_as_passport_Then_e_passports_are_certain(string value, double expected)
    {
        Assert.Equal(expected, TravelDocuments.PassportScore(value));
    }

    [Theory]
    [InlineData("C12345678", true)]
    [InlineData("CA1234567", true)]
    [InlineData("H1234567801", true)] // 回乡证
    [InlineData("E12345678", false)]
    [InlineData("C1234567", false)]
    public void Given_documents_When_checked_as_permit_Then_C_H_M_series_pass(string value, bool expected)
    {
        Assert.Equal(expected, TravelDocuments.IsHkMacauPermit(value));
    }

    [Theory]
    [InlineData("24.4798,118.0894", 1.0)]
    [InlineData("24.479812, 118.089411", 1.0)]
    [InlineData("118.0894", 0.4)] // a lone decimal needs a latitude / longitude header
    [InlineData("118.089411,24.479812", 1.0)] // "lng,lat", as AMap and Baidu write it
    [InlineData("95.1234,118.0894", 0)] // neither is a latitude
    [InlineData("24.4,118.0", 0)] // too coarse to be a precise location
    public void Given_coordinates_When_scored_Then_pairs_are_certain(string value, double expected)
    {
        Assert.Equal(expected, GeoCoordinate.Score(value));
    }

    [Theory]
    [InlineData("张三", 0.85)]
    [InlineData("欧阳娜娜", 0.85)]
    [InlineData("林志鑫", 0.85)]
    [InlineData("思明区", 0)] // place, not a person
    [InlineData("工商局", 0)]
    [InlineData("John", 0)]
    [InlineData("张", 0)]
    [InlineData("美丽的人", 0)] // 美 is not a common surname
    public void Given_strings_When_scored_as_names_Then_surnames_decide(string value, double expected)
    {
        Assert.Equal(expected, PersonName.Score(value));
    }

    [Theory]
    [InlineData("福建省厦门市思明区湖滨南路123号", 1.0)]
    [InlineData("厦门市湖里区嘉禾路1号", 1.0)]
    [InlineData("思明区", 0)]
    [InlineData("这是一段普通的说明文字", 0)]
    public void Given_strings_When_scored_as_address_Then_markers_decide(string value, double expected)
    {
        Assert.Equal(expected, Address.Score(value));
    }

    [Theory]
    [InlineData("1985-03-07", 0.5)]
    [InlineData("1985/3/7", 0.5)]
    [InlineData("19850307", 0.5)]
    [InlineData("1985年3月7日", 0.5)]
    [InlineData("2099-01-01", 0)] // in the future
    [InlineData("1985-02-30", 0)]
    [InlineData("12345678", 0)]
    public void Given_dates_When_scored_as_birth_dates_Then_only_plausible_past_dates_count(string value, double expected)
    {
        Assert.Equal(expected, Dates.BirthDateScore(value, new DateOnly(2026, 11, 22)));
    }
}
