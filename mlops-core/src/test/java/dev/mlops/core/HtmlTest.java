package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    @DisplayName("markup characters are escaped, everything else is kept")
    void escape() {
        assertThat(Html.escape("<script>alert('x & \"y\"')</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;");
        assertThat(Html.escape("age ≥ 25, naïve")).isEqualTo("age ≥ 25, naïve");
        assertThat(Html.escape("")).isEmpty();
    }
}
