using System.Text;
using GovCfct.Core.Accounts;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Tests.Accounts;

/// <summary>RFC 4180 details, encodings and positions of the CSV reader.</summary>
public sealed class AccountRequestReaderTests
{
    private const string Header = "AccountName,AccountEmail,OrganizationalUnit,AdminEmail,AdminFirstName,AdminLastName";

    private static AccountRequestReadResult Read(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new AccountRequestReader().Read(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes, "r.csv");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Japanese_names_read_the_same_with_and_without_bom(bool bom)
    {
        var result = Read(Header + "\nsys-a,a@example.com,Workloads,admin@example.jp,太郎,山田\n", bom);

        result.Diagnostics.Should().BeEmpty();
        var row = result.Requests!.Requests.Should().ContainSingle().Subject;
        row.AccountName.Should().Be("sys-a", "a BOM must not end up in the first column's name");
        (row.AdminFirstName, row.AdminLastName).Should().Be(("太郎", "山田"));
        row.At("r.csv", AccountColumns.AdminLastName).Should().Be(new SourceLocation("r.csv", 2, 51));
    }

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_line_breaks_and_later_rows_keep_their_lines()
    {
        var text = Header + ",Tags\r\n"
            + "\"sys, a\",a@example.com,Workloads,admin@example.jp,\"太郎 \"\"タロー\"\"\",\"山\r\n田\",\"k=v;x=y, z\"\r\n"
            + "sys-b,b@example.com,Workloads,b@example.jp,花子,鈴木,\r\n";

        var result = Read(text);

        result.Diagnostics.Should().BeEmpty();
        var rows = result.Requests!.Requests;
        rows[0].AccountName.Should().Be("sys, a");
        rows[0].AdminFirstName.Should().Be("太郎 \"タロー\"");
        rows[0].AdminLastName.Should().Be("山\r\n田");
        rows[0].Tags.Should().Equal(new Dictionary<string, string> { ["k"] = "v", ["x"] = "y, z" });
        rows[1].Line.Should().Be(4, "the quoted line break makes row 1 span lines 2-3");
        rows[1].At("r.csv", AccountColumns.AccountEmail).Column.Should().Be(7);
    }

    [Fact]
    public void Shift_jis_bytes_are_rejected_with_a_hint_to_save_as_utf8()
    {
        // "山田" in Shift_JIS: 0x8E 0x52 0x93 0x63 is not valid UTF-8.
        byte[] bytes = [.. Encoding.ASCII.GetBytes(Header + "\na,a@example.com,W,b@example.jp,x,"), 0x8E, 0x52, 0x93, 0x63, 0x0A];

        var result = new AccountRequestReader().Read(bytes, "r.csv");

        result.Requests.Should().BeNull();
        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.AccountCsvEncoding.Id);
        result.Diagnostics[0].Location.Should().Be(new SourceLocation("r.csv", 2, 34), "the one UTF-8 rule points at the first bad byte's line and column");
        result.Diagnostics[0].Hint.Should().Contain("CSV UTF-8");
    }

    [Theory]
    [InlineData("", "GCF6003", 0, 0)]
    [InlineData(Header + "\n", "GCF6003", 1, 1)]
    [InlineData(Header + "\na,b\"c,d,e,f,g\n", "GCF6002", 2, 4)]
    [InlineData(Header + "\n\"a\"x,b,c,d,e,f\n", "GCF6002", 2, 4)]
    [InlineData(Header + "\na,b,c\n", "GCF6007", 2, 1)]
    public void Structural_errors_point_at_their_line_and_column(string text, string code, int line, int column)
    {
        var result = Read(text);

        var error = result.Diagnostics.Should().ContainSingle(d => d.IsError).Subject;
        error.Code.Should().Be(code);
        (error.Location!.Line, error.Location.Column).Should().Be((line, column));
    }

    [Fact]
    public void Blank_lines_are_not_rows()
    {
        var result = Read(Header + "\n\na,a@example.com,W,b@example.jp,x,y\n\n");

        result.Diagnostics.Should().BeEmpty();
        result.Requests!.Requests.Should().ContainSingle().Which.Line.Should().Be(3);
    }

    [Fact]
    public void A_miscased_column_is_missing_and_named_in_the_hint()
    {
        var result = Read("AccountName,AccountEmail,OrganizationalUnit,AdminEmail,AdminFirstName,adminlastname\na,b,c,d,e,f\n");

        result.Diagnostics.Select(d => d.Code).Should().Equal(DiagnosticCodes.AccountCsvMissingColumn.Id, DiagnosticCodes.AccountCsvUnknownColumn.Id);
        result.Diagnostics[1].Hint.Should().Contain("AdminLastName");
    }
}
