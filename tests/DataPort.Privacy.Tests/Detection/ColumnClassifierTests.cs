using DataPort.Privacy.Detection;
using DataPort.Privacy.Synthetic;

namespace DataPort.Privacy.Tests.Detection;

public class ColumnClassifierTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly ClassificationSettings Settings = new();

    private static ColumnDetection Classify(string header, IEnumerable<string> values) =>
        ColumnClassifier.ClassifyColumn(header, 0, [.. values.Select(v => new[] { v })], Settings, Today);

    private static IEnumerable<string> Mobiles(int seed = 1) => Enumerable.Range(0, 200).Select(_ => new SyntheticPeople(seed++).Next().Mobile);

    private static IEnumerable<string> Ids() { var p = new SyntheticPeople(3); return Enumerable.Range(0, 200).Select(_ => p.Next().ResidentId); }

    [Fact]
    public void Given_an_11_digit_column_headed_订单号_When_classified_Then_it_is_not_a_phone_column()
    {
        var detection = Classify("订单号", Mobiles());
        Assert.Null(detection.Entity);
    }

    [Fact]
    public void Given_the_same_values_headed_手机号_When_classified_Then_it_is_a_mobile_column()
    {
        var detection = Classify("手机号", Mobiles());
        Assert.Equal(EntityIds.Mobile, detection.Entity);
        Assert.Equal(1.0, detection.Confidence);
    }

    [Theory]
    [InlineData("order_no")]
    [InlineData("serialNumber")]
    [InlineData("流水号")]
    [InlineData("设备编号")]
    public void Given_mobile_shaped_values_under_identifier_headers_When_classified_Then_confidence_drops_below_the_threshold(string header)
    {
        Assert.Null(Classify(header, Mobiles()).Entity);
    }

    [Fact]
    public void Given_18_digit_serials_with_bad_check_digits_under_序列号_When_classified_Then_it_is_not_an_id_column()
    {
        // Real region and birth date, wrong check digit: shape alone would say "resident id".
        var serials = Ids().Select(id => id[..17] + (id[17] == '0' ? '1' : '0'));
        Assert.Null(Classify("序列号", serials).Entity);
        Assert.Null(Classify("col7", serials).Entity);
    }

    [Fact]
    public void Given_valid_ids_with_no_helpful_header_When_classified_Then_the_check_digits_decide()
    {
        var detection = Classify("c3", Ids());
        Assert.Equal(EntityIds.ResidentId, detection.Entity);
        Assert.True(detection.Sensitive);
        Assert.True(detection.Personal);
    }

    [Fact]
    public void Given_a_dirty_id_column_headed_身份证号_When_classified_Then_the_header_lifts_it_over_the_threshold()
    {
        // Half the values are typos; alone 0.5 is below 0.6, the header moves it to 0.75.
        var values = Ids().Select((id, i) => i % 2 == 0 ? id : id[..17] + (id[17] == '0' ? '1' : '0'));
        Assert.Null(Classify("c3", values).Entity);
        var detection = Classify("证件号码", values);
        Assert.Equal(EntityIds.ResidentId, detection.Entity);
        Assert.Equal(0.75, detection.Confidence);
    }

    [Fact]
    public void Given_dates_When_the_header_says_birth_Then_date_of_birth_else_nothing()
    {
        var dates = Enumerable.Range(0, 100).Select(i => new DateOnly(1960, 1, 1).AddDays(i * 97).ToString("yyyy-MM-dd"));
        Assert.Equal(EntityIds.DateOfBirth, Classify("出生日期", dates).Entity);
        Assert.Equal(EntityIds.DateOfBirth, Classify("birth_date", dates).Entity);
        Assert.Null(Classify("交易日期", dates).Entity);
    }

    [Fact]
    public void Given_names_addresses_plates_and_emails_When_classified_Then_each_is_found()
    {
        var people = new SyntheticPeople(9);
        var sample = Enumerable.Range(0, 300).Select(_ => people.Next()).ToList();
        Assert.Equal(EntityIds.PersonName, Classify("姓名", sample.Select(p => p.Name)).Entity);
        Assert.Equal(EntityIds.PersonName, Classify("x", sample.Select(p => p.Name)).Entity);
        Assert.Equal(EntityIds.Address, Classify("住址", sample.Select(p => p.Address)).Entity);
        Assert.Equal(EntityIds.LicensePlate, Classify("车牌号", sample.Select(p => p.Plate)).Entity);
        Assert.Equal(EntityIds.Email, Classify("邮箱", sample.Select(p => p.Email)).Entity);
        Assert.Null(Classify("金额", sample.Select(p => p.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture))).Entity);
    }

    [Fact]
    public void Given_remarks_that_embed_identifiers_When_classified_Then_free_text_with_pii_and_sensitive()
    {
        var people = new SyntheticPeople(11);
        var detection = Classify("备注", Enumerable.Range(0, 300).Select(_ => people.Next().Remark));
        Assert.Equal(EntityIds.FreeTextWithPii, detection.Entity);
        Assert.Contains(EntityIds.ResidentId, detection.EmbeddedEntities);
        Assert.True(detection.Sensitive);
    }

    [Fact]
    public void Given_plain_remarks_When_classified_Then_nothing()
    {
        var texts = Enumerable.Range(0, 50).Select(i => $"第{i}批货物已经入库，质量检查合格。");
        Assert.Null(Classify("备注", texts).Entity);
    }

    [Fact]
    public void Given_coordinates_When_classified_Then_lone_decimals_need_a_header()
    {
        var latitudes = Enumerable.Range(0, 100).Select(i => (24.4 + i * 0.0013).ToString("F5", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(EntityIds.GeoCoordinate, Classify("纬度", latitudes).Entity);
        Assert.Null(Classify("温度", latitudes).Entity);
        Assert.Equal(EntityIds.GeoCoordinate, Classify("loc", latitudes.Select(l => l + ",118.08941")).Entity);
    }

    [Fact]
    public void Given_an_empty_column_When_classified_Then_nothing()
    {
        Assert.Null(Classify("手机号", ["", " ", ""]).Entity);
    }

    [Theory]
    [InlineData("description", "ip")]
    [InlineData("zipCode", "ip")]
    public void Given_short_english_keywords_When_inside_longer_words_Then_they_do_not_match(string header, string _)
    {
        Assert.Equal(HeaderHint.None, HeaderContext.For(header, EntityIds.IpAddress));
    }

    [Theory]
    [InlineData("login_ip", HeaderHint.Supports)]
    [InlineData("mobilePhone", HeaderHint.Supports)]
    [InlineData("身份证编号", HeaderHint.Supports)] // a supporting word wins over 编号
    public void Given_headers_When_read_Then_hints_follow(string header, HeaderHint expected)
    {
        var entity = header.Contains("ip") ? EntityIds.IpAddress : header.Contains("mobile") ? EntityIds.Mobile : EntityIds.ResidentId;
        Assert.Equal(expected, HeaderContext.For(header, entity));
    }
}
