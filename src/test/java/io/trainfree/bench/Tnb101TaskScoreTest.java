package io.trainfree.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class Tnb101TaskScoreTest {
    @Test
    void eachTaskSaysWhatItsScoreMeasures() {
        assertEquals("negative L2 loss", Tnb101Task.ROOM_LAYOUT.score());
        assertEquals("SSIM", Tnb101Task.AUTOENCODER.score());
        assertEquals("top-1 accuracy (%)", Tnb101Task.parse("class_scene").score());
        for (Tnb101Task t : Tnb101Task.values()) {
            assertFalse(t.score().isBlank(), t.id());
        }
    }
}
