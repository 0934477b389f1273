package dev.mlops.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mlops.registry.jdbc.internal.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Passwords never appear in what the store says: its messages, the messages of the driver
 * exceptions it passes on, their causes, or a printed stack trace.
 */
@DisplayName("credentials are masked in every message")
class CredentialsTest {

    private static final String SECRET = "s3cretPW-81f";

    /** Everything a user could see of a failure: messages and stack trace, causes included. */
    private static String printed(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    @DisplayName("MariaDB repeating a malformed URL's password in its message")
    void mariaDbDriverMessage() {
        TestDatabases.require(TestDatabases.MARIADB);
        Throwable failure = catchThrowable(() -> JdbcModelStore.open(
                "jdbc:mariadb://root:" + SECRET + "@127.0.0.1:3306/test", JdbcStoreOptions.defaults()));
        assertThat(failure).isNotNull();
        assertThat(printed(failure)).doesNotContain(SECRET).contains("***");
    }

    @Test
    @DisplayName("a password given as an option, in the URL's query or in H2's settings")
    void everyPlace() {
        for (String url : new String[] {
            "jdbc:postgresql://127.0.0.1:1/none?user=x&password=" + SECRET,
            "jdbc:h2:mem:creds;PASSWORD=" + SECRET + ";NO_SUCH_SETTING=1"}) {
            Throwable failure = catchThrowable(() -> JdbcModelStore.open(url, JdbcStoreOptions.defaults()));
            assertThat(failure).as(url).isNotNull();
            assertThat(printed(failure)).as(url).doesNotContain(SECRET);
        }
        Throwable optionFailure = catchThrowable(() -> JdbcModelStore.open(
                "jdbc:h2:mem:creds-option;NO_SUCH_SETTING=1",
                JdbcStoreOptions.builder().user("sa").password(SECRET).build()));
        assertThat(optionFailure).isNotNull();
        assertThat(printed(optionFailure)).doesNotContain(SECRET);
    }

    @Test
    @DisplayName("the masked copy of a driver exception keeps state, code, chain and stack")
    void maskedCopy() {
        SQLException cause = new SQLException("inner " + SECRET, "08001", 7);
        SQLException e = new SQLException("connect to jdbc:x://u:" + SECRET + "@h failed", "28000", 1045,
                cause);
        e.setNextException(new SQLException("next " + SECRET));
        SQLException masked = Secrets.of("jdbc:x://u:" + SECRET + "@h", "").mask(e);
        assertThat(masked.getMessage()).isEqualTo("connect to jdbc:x://u:***@h failed");
        assertThat(masked.getSQLState()).isEqualTo("28000");
        assertThat(masked.getErrorCode()).isEqualTo(1045);
        assertThat(masked.getStackTrace()).isEqualTo(e.getStackTrace());
        assertThat(((SQLException) masked.getCause()).getSQLState()).isEqualTo("08001");
        assertThat(masked.getNextException().getMessage()).isEqualTo("next ***");
        assertThat(printed(masked)).doesNotContain(SECRET);
    }
}
