"""한국어. 튜토리얼(seed)의 용어를 그대로 씁니다: 배치, 타임스텝, 윈도우 크기, 피처, 유닛, 은닉 상태, 셀 상태."""

from lstm_shapes.locales import Words

WORDS = Words(
    headings={
        "layer": "레이어",
        "kind": "종류",
        "tensor": "텐서",
        "shape": "shape",
        "axes": "각 축의 의미",
        "params": "파라미터",
        "why": "이유",
        "total": "합계",
        "computed": "Keras {keras} · {backend} {backend_version} · 실제 계산 장치 {device}",
        "input": "입력 {shape} float32, 균등분포 난수, 시드 {seed}",
        "predicted": "레이어 수식으로 예측한 값입니다 (--no-run): 실제로 계산하지 않았습니다",
        "predicted_note": "예측한 shape이며 실제로 관측한 값이 아닙니다. --no-run 없이 실행하면 Keras로 확인합니다.",
        "weights_title": "가중치",
        "weight": "가중치",
        "split": "각 축에 담긴 것",
        "formula": "파라미터 수",
        "explain_title": "shape 읽기",
        "compare_title": "같은 스택, {count}가지 설정",
        "refused": "만들 수 없음: {reason}",
        "absent": "—",
        "diagram_title": "{steps} 타임스텝으로 펼친 모습",
        "diagram_title_one": "1 타임스텝으로 펼친 모습",
        "diagram_time": "t",
        "diagram_forward": "정",
        "diagram_backward": "역",
        "diagram_go_backwards": "{steps} → 1 순서로 읽음",
        "diagram_go_backwards_sequences": "{steps} → 1 순서로 읽고 그 순서로 반환",
        "diagram_stateful": "상태를 다음 배치로 유지",
        "diagram_shortened": "{window} → {steps} 타임스텝",
        "diagram_leaves": "레이어 밖으로 나가는 출력",
        "diagram_stays": "계산되지만 반환되지 않음",
        "diagram_carries": "{states}: 다음 스텝으로 전달",
        "diagram_returned": "끝의 {states}: return_state",
        "data_title": "데이터: {source} · {rows}행 × 사용한 열 {features}개 ({columns})",
        "data_skipped": "건너뛴 열(숫자 아님): {columns}",
        "data_wide": "넓은 배치: 행 하나가 {window} × {features}열의 샘플 하나이며 행 우선으로 reshape됨 (reshape(rows, {window}, {features})); 샘플 0:",
        "data_wide_step": "  스텝 {step} ← {cells}",
        "data_wide_more": "  … 스텝 {first}부터 {last}까지도 같은 방식",
        "partial_title": "{source}: Keras가 거부한 곳까지의 층",
        "partial_refused": "✗ 거부됨: 받은 입력 {got}, 필요한 것 {needs}",
        "partial_refused_plain": "✗ 거부됨: 받은 입력 {got}",
        "partial_keras": "Keras의 메시지: {said}",
        "partial_fix": "고칠 점: {fix}",
        "data_labels": "행 이름: {column}",
        "data_windows": "윈도: {formula}개 샘플 (윈도 {window}, stride {stride}, sampling rate {rate}{horizon})",
        "data_batches": "배치: {batch}개씩 {batches}개, 마지막은 {last}개",
        "data_batches_even": "배치: {batch}개씩 {batches}개",
        "data_batch_one": "배치: {last}개짜리 1개",
        "data_batch_one_short": "배치: {last}개짜리 1개 (샘플이 --batch {batch}보다 적음)",
        "data_title_windows": "데이터: {source} · 타임스텝 {window}개 × 피처 {features}개짜리 윈도 {rows}개, 파일에 든 그대로 ({columns}); 윈도를 새로 만들지 않았습니다",
        "data_sample_given": "샘플 {index}: 파일의 윈도 {index}",
        "data_shapes": "X {x}   y {y}",
        "data_steps_output_3d": "타임스텝마다 타깃: 맨 위 출력 {output}이 3차원(return_sequences)입니다",
        "data_steps_output_2d": "윈도마다 타깃 하나: 맨 위 출력 {output}이 2차원입니다",
        "data_steps_asked": "타깃 {which}: --target-steps대로",
        "data_steps_given": "파일에 있는 타깃 그대로",
        "data_sample": "샘플 {index}: {first}-{last}행{span}",
        "data_target": " → {row}행의 {names}{label}",
        "data_ranges": "{column}: 최솟값 {low:.6g}, 최댓값 {high:.6g}",
        "data_unscaled": "참고: {columns}의 값이 ±10을 넘습니다. tanh와 sigmoid가 포화되니 먼저 [-1, 1] 정도로 스케일하세요",
        "data_missing": "참고: 비었거나 NaN·무한대인 칸 {count}개를 NaN으로 두었습니다 (--allow-missing)",
        "data_stateful": "참고: stateful은 모든 배치 크기가 같아야 하는데 마지막 배치는 {batch}개 중 {last}개입니다. 버리거나 --batch {fix:을} 쓰세요 (샘플 {samples}개)",
        "data_input": "입력 {shape} float32: {source} 윈도의 첫 배치, {first}-{last}행",
        "data_input_given": "입력 {shape} float32: {source} 윈도의 첫 배치, 윈도 {first}-{last}",
        "data_explain_windows": "윈도 나누기(튜토리얼 1절): {rows}행짜리 표가 연속한 {window}행씩의 샘플(윈도, 곧 타임스텝)이 되고, 각 행에는 특성이 {features}개 있습니다. 윈도는 {stride}행마다 시작합니다{target}. 그래서 샘플은 {samples}개이고 X는 (샘플, 윈도, 특성) = {x}입니다.",
        "data_explain_target": ". 타깃은 윈도 마지막 행에서 {horizon}행 뒤의 값입니다",
        "data_explain_targets": "타깃: 맨 위 층이 시퀀스를 반환하면(return_sequences=True) 출력에 시간 축이 있어 손실은 타임스텝마다 타깃을 비교하고, 아니면 윈도마다 하나를 비교합니다. 손실은 y와 출력의 모양이 같아야 합니다. Keras가 브로드캐스트하는 불일치는 오류 없이 엉뚱한 값으로 학습합니다.",
        "model_input": "입력 {name}: Keras는 {symbolic} {dtype:을} 받습니다. 이 배치는 {shape} ({axes})",
        "model_tokens": "토큰 번호 [0, {top}]",
        "model_padded": "각 시퀀스 끝 뒤는 0으로 채움 (마스크)",
        "model_symbolic": "Keras 기호 모양",
        "model_kept": "층 안에만 있고 돌려주지 않는 상태: 같은 가중치로 return_state=True인 사본을 같은 입력에 호출해 읽었습니다",
        "model_no_recurrent": "참고: 이 모델에는 순환 층(LSTM, GRU, SimpleRNN, 셀을 감싼 RNN, ConvLSTM1D/2D/3D, 이를 감싼 Bidirectional이나 TimeDistributed)이 없어 보여 줄 상태가 없습니다.",
        "model_explain": "각 행은 이 배치에서 모델이 계산한 텐서입니다. 'Keras 기호 모양'은 모델을 만들 때 Keras가 정한 모양입니다 (None: 아무 크기). 순환 층은 출력만 돌려줄 때도 마지막 단계 뒤의 h(LSTM은 c도)를 안에 가지고 있습니다. *가 붙은 행은 상태를 돌려주는 층 사본에서 읽었습니다.",
        "input_ids": "입력 {shape} int32 토큰 id, 시드 {seed}",
        "lengths": "길이 {lengths}, {padding} 패딩, 패딩 값 {pad}",
        "mask_rules": "{name}: {rule}; {h}",
        "keras2_note": "참고: Keras가 Keras 2 표기를 경고와 함께 받아들였습니다. {note}",
        "stateful_batches": "stateful: 샘플 {batch}개짜리 연속 배치 {batches}개({source})를 {layers}에 통과시킴; 각 배치의 샘플 i는 이전 배치의 샘플 i를 이어받고, 끝에 reset_states()",
        "stateful_from_seeds": "무작위, 시드 {first}부터 {last}까지",
        "stateful_from_data": "데이터의 앞쪽 배치들, 순서대로",
        "stateful_predicted": "예측만 함: --no-run 없이 실행하면 배치마다 시작 상태를 Keras로 확인합니다",
        "mask_empty": "샘플 {samples}: 유효한 스텝 없음, {window}스텝 모두 패딩; Keras가 모든 스텝을 건너뛰므로 순환 층마다 이 샘플에 0을 줌(출력과 상태)",
        "mask_h_only": "{name}: {h}",
        "multi_title": "Keras {keras}, 백엔드 {count}개, 백엔드마다 따로 실행한 프로세스, 모두 {reference}의 가중치와 입력 배치로",
        "multi_backend": "백엔드",
        "multi_version": "버전",
        "multi_device": "장치",
        "multi_forward": "순전파",
        "multi_kernel": "커널 경로",
        "multi_predicted": "예측",
        "multi_skipped": "{backend:은} 설치되지 않아 건너뜀: {install}",
        "compare_id0": "id 0의 임베딩",
        "compare_id0_masked": "0번 행(0 아님), 마스크됨",
        "compare_id0_data": "0번 행(0 아님), 데이터로 읽힘",
        "compare_lengths": "길이",
        "compare_padded": "{name} 패딩 스텝",
        "compare_h": "{name} h의 출처",
        "compare_repeat": "반복",
        "compare_zeros": "0",
        "compare_last_valid": "마지막 유효 스텝",
        "compare_first_valid": "첫 유효 스텝",
        "compare_last_step": "마지막 스텝",
        "compare_first_step": "첫 스텝",
        "compare_no_mask": "마스크 없음",
        "compare_full": "꽉 찬 창",
        "diagram_sample": "샘플 {sample} 기준(가장 짧음): {window}스텝 중 유효 {n}스텝, {padding} 패딩",
        "diagram_padded": "패딩 스텝: 입력값 {pad}",
        "diagram_skipped": "시퀀스를 돌려주지 않는 레이어: 건너뛰고 상태 유지",
        "diagram_repeats": "패딩: 마지막 유효 출력 반복",
        "diagram_zeros": "패딩: 0",
        "diagram_h_valid": "h와 마지막 출력은 마지막으로 읽은 유효 스텝에서 나감",
    },
    axes={
        "batch": "배치",
        "time steps": "타임스텝",
        "features": "피처",
        "units": "유닛",
        "2 × units": "2 × 유닛",
        "2 × filters": "2 × 필터",
        "forward + backward units": "정방향 + 역방향 유닛",
        "channels": "채널",
        "rows": "행",
        "cols": "열",
        "depth": "깊이",
        "state size": "상태 크기",
        "filters": "필터",
        "head units": "헤드 유닛",
        "embedding dim": "임베딩 차원",
    },
    notes={
        "input_one": "샘플마다 타임스텝 {window}개, 스텝마다 피처 1개",
        "input_frames": "샘플마다 프레임 {window}개, 프레임마다 위치 {frame} × 채널 {channels}개",
        "sequences_convlstm": "return_sequences=True: 스텝 {steps}개 모두에서 필터 {units}개의 프레임",
        "last_convlstm": "return_sequences=False: {below}의 스텝 {steps}개 중 마지막 스텝 뒤 필터 {units}개의 프레임",
        "input_many": "샘플마다 타임스텝 {window}개, 스텝마다 피처 {features}개",
        "conv": "{formula}, 필터 {filters}개",
        "steps_valid_1": "{window} - {kernel} + 1 = {steps}",
        "steps_valid": "({window} - {kernel}) // {strides} + 1 = {steps}",
        "steps_valid_dilated": "{window} - ({kernel} - 1) × {dilation} = {steps}",
        "steps_padded_1": "입력과 같은 {steps}",
        "steps_padded": "ceil({window} / {strides}) = {steps}",
        "conv_valid_1": "{window} - {kernel} + 1 = 타임스텝 {steps}개",
        "conv_valid": "({window} - {kernel}) // {strides} + 1 = 타임스텝 {steps}개",
        "conv_valid_dilated": "{window} - ({kernel} - 1) × {dilation} = 타임스텝 {steps}개",
        "conv_padded_1": "{padding} 패딩이라 타임스텝 {steps}개 유지",
        "conv_padded": "{padding} 패딩: ceil({window} / {strides}) = 타임스텝 {steps}개",
        "sequences": "return_sequences=True: 타임스텝 {steps}개 각각에서 유닛 {units}개",
        "backwards": ", 마지막 스텝부터 거꾸로 읽은 순서 (go_backwards)",
        "lower_sequences": " ({above}에게, 아래 층의 기본값)",
        "last": "return_sequences=False: {below}의 타임스텝 {steps}개 중 마지막 스텝의 유닛 {units}개",
        "concat": "; 정방향과 역방향을 나란히 이어 붙임: 2 × {units} = {width}",
        "merged": "; 정방향과 역방향을 {merge:으로} 합침",
        "stacked_output": "; 스텝마다 위아래로 도는 셀 {count}개 중 맨 위 셀 {top}의 h",
        "hidden_lower_cell": "마지막 스텝 뒤 셀 {index}의 은닉 상태: 출력이 아니라 셀 {above}에 넘겨주는 값",
        "hidden_sequences": "마지막 스텝 뒤의 은닉 상태 = 출력의 마지막 스텝",
        "hidden_last": "마지막 스텝 뒤의 은닉 상태 = 출력",
        "cell": "마지막 스텝 뒤의 셀 상태 (LSTM의 기억)",
        "forward_output": "merge_mode none: 정방향의 출력",
        "backward_output": "merge_mode none: 역방향의 출력, 입력과 같은 순서로 정렬",
        "forward_hidden": "정방향 은닉 상태, 마지막 입력 스텝 뒤",
        "forward_cell": "정방향 셀 상태, 마지막 입력 스텝 뒤",
        "backward_hidden": "역방향 은닉 상태, 첫 스텝까지 거슬러 읽은 뒤",
        "backward_cell": "역방향 셀 상태, 첫 스텝까지 거슬러 읽은 뒤",
        "head_flatten": "Flatten이 {steps}스텝 × {inputs}유닛을 값 {flat}개로 잇고, Dense가 {units}개로 변환",
        "head_time_distributed": "타임스텝 {steps}개에 같은 Dense({inputs} → {units}) 하나를 똑같이 적용",
        "head_dense_3d": "Dense는 마지막 축에만 작용: 모든 스텝에서 {inputs} → {units}",
        "head_dense_2d": "Dense가 유닛 {inputs}개를 {units}개로 변환",
        "input_ids": "샘플마다 토큰 id {window}개, 0부터 {top}까지의 정수",
        "embedding": "id마다 {dim}차원 벡터 하나: {vocab} × {dim} 표의 한 행{mask}",
        "embedding_mask": "; id 0은 패딩이며 마스킹됩니다",
        "masking": "{features}개 피처가 모두 {value}인 스텝은 마스킹됩니다",
        "padded_repeat": "패딩 스텝은 마지막 유효 출력을 반복합니다(첫 유효 스텝 전은 0)",
        "padded_zeros": "패딩 스텝은 0입니다",
        "h_last_valid": "h = 마지막 열이 아니라 샘플마다 마지막 유효 스텝의 출력",
        "h_first_valid": "h = 샘플마다 첫 유효 스텝의 출력(거꾸로 읽음)",
    },
    paragraphs={
        "input": (
            "입력 x의 shape은 {shape}입니다. {batch:은} 배치 크기, 즉 한 번에 넣는 샘플 수이고, "
            "{window:은} 윈도우 크기, 즉 샘플 하나가 보는 타임스텝 수이며(일별 데이터라면 최근 {window}일치), "
            "{features:은} 스텝마다 들어 있는 피처 수입니다. 주가로 예를 들면 종가 하나만 보면 "
            "피처가 1이고, [종가, 시가, 고가]를 모두 보면 3이 됩니다. 배치 크기는 얼마나 묶어서 "
            "넣느냐에 따라 달라지는 값이라 크게 신경 쓰지 않아도 됩니다."
        ),
        "conv": (
            "conv1d는 길이 {kernel}인 커널을 stride {strides}, {padding} 패딩으로 시간 축을 따라 "
            "밀며 계산하므로 타임스텝이 {formula}개가 됩니다. 필터 {filters}개가 스텝마다 숫자를 하나씩 "
            "내므로, 위의 순환 레이어는 타임스텝 {steps}개 각각에서 피처 {filters}개를 받습니다."
        ),
        "sequences": (
            "{name}({kind})의 출력은 {shape}입니다: 샘플 {batch}개 × 타임스텝 {steps}개 × {width}. "
            "return_sequences=True이면 타임스텝 {steps}개 모두에서 출력을 돌려주기 때문에 시간 축이 "
            "남아 3차원 텐서가 됩니다."
        ),
        "stacked": (
            " 이 레이어는 반드시 시퀀스 전체를 돌려줘야 합니다. 바로 위의 {above}도 순환 레이어라서 "
            "시퀀스 전체를 한 스텝씩 읽기 때문입니다."
        ),
        "last": (
            "{name}({kind})의 출력은 {shape}입니다: 샘플 {batch}개 × {width}. "
            "return_sequences=False이면 타임스텝 {steps}개 중 마지막 스텝의 출력만 돌려주므로 "
            "시간 축이 사라지고 2차원 텐서가 됩니다. {batch:은} 배치 크기, {units:은} 레이어에 "
            "지정한 유닛 수입니다."
        ),
        "width_concat": (
            " 마지막 축이 2 × {units} = {width}인 이유는 Bidirectional이 시퀀스를 정방향과 역방향으로 "
            "한 번씩 읽고, 유닛 {units}개짜리 출력 두 개를 나란히 이어 붙이기 때문입니다 "
            "(merge_mode concat)."
        ),
        "width_merged": (
            " Bidirectional이 시퀀스를 양방향으로 읽은 뒤 유닛 {units}개짜리 출력 두 개를 {merge:으로} "
            "합치므로 마지막 축은 그대로 {units}입니다."
        ),
        "width_none": (
            " merge_mode none이면 두 방향을 합치지 않습니다. 정방향 출력과 역방향 출력이 각각 "
            "{shape}인 텐서 두 개로 따로 나옵니다."
        ),
        "backwards": (" go_backwards=True는 윈도우를 마지막 스텝부터 첫 스텝 쪽으로 거꾸로 읽습니다."),
        "backwards_sequence": " 출력 시퀀스도 그 읽은 순서대로 둡니다.",
        "checked": " (위 검사에서 확인했습니다)",
        "states_lstm": (
            "return_state=True이면 {name:은} 마지막 은닉 상태 h {state:과} 셀 상태 c {state}도 "
            "함께 돌려줍니다. 둘 다 샘플 {batch}개 × 유닛 {units}개입니다. h는 레이어가 마지막 "
            "스텝에서 내놓는 출력 그 자체입니다. 그래서 {relation}{checked}. c는 스텝에서 "
            "스텝으로 이어지는 LSTM 내부의 기억이라 출력으로는 나오지 않고, 크기는 h와 같습니다."
        ),
        "states_gru": (
            "return_state=True이면 {name:은} 마지막 은닉 상태 h {state}도 돌려줍니다: 샘플 "
            "{batch}개 × 유닛 {units}개. {kind}에는 따로 셀 상태가 없고 h가 기억의 전부이자 마지막 "
            "스텝의 출력입니다. 그래서 {relation}{checked}."
        ),
        "states_simple": (
            "return_state=True이면 {name:은} 마지막 은닉 상태 h {state}도 돌려줍니다: 샘플 "
            "{batch}개 × 유닛 {units}개. {kind}에는 따로 셀 상태가 없고 h가 기억의 전부이자 마지막 "
            "스텝의 출력입니다. 그래서 {relation}{checked}."
        ),
        "states_stacked": (
            "return_state=True이면 {name:은} 도는 모든 셀의 마지막 상태도 아래 셀부터 돌려줍니다: "
            "{states}. 맨 위 셀 {top}의 h가 마지막 스텝에서 층이 내놓는 출력이므로 {relation}{checked}. "
            "아래 셀의 h는 그 스텝에서 위 셀에 넘겨준 값입니다."
        ),
        "states_bidirectional": (
            "return_state=True이면 {name:은} 방향마다 마지막 상태를 합치지 않고 그대로 "
            "돌려줍니다: {states}. 정방향 상태는 마지막 입력 스텝 뒤의 값이고, 역방향 상태는 첫 "
            "스텝까지 거슬러 읽은 뒤의 값입니다."
        ),
        "width_value": "유닛 {width}개",
        "width_concat_value": "유닛 {width}개(2 × {units})",
        "relation_sequences": "output[:, -1, :]의 값이 h와 정확히 같습니다",
        "relation_last": "출력의 값이 h와 정확히 같습니다",
        "head_dense_3d": (
            "Dense 헤드는 마지막 축에만 작용합니다. 타임스텝 {steps}개 각각의 값 {inputs}개가 "
            "{units}개로 바뀌어 {before:이} {after:이} 되고, 시간 축은 그대로 남습니다. "
            "여기서는 {td:과} 동작이 똑같습니다. 3차원 입력에서는 둘의 "
            "shape도, 가중치 {params}개도 같습니다."
        ),
        "head_dense_2d": (
            "Dense 헤드가 샘플마다 값 {inputs}개를 {units}개로 바꿉니다: {before:이} {after:이} "
            "됩니다. 가중치 {inputs} × {units}개에 바이어스 {units}개를 더해 파라미터는 {params}개입니다."
        ),
        "head_flatten": "Flatten은 샘플마다 모든 스텝의 값을 벡터 하나로 잇습니다: {before:은} 값 ({steps} × {inputs} = {flat})개가 되고, Dense({units})가 이를 {after:으로} 바꿉니다. 가중치 {steps} × {inputs} × {units}개에 바이어스 {units}개를 더해 파라미터는 {params}개입니다. 마지막 축에 작용하는 Dense와 달리 스텝마다 가중치가 따로 있어서 윈도 길이가 모델에 고정됩니다.",
        "head_time_distributed": (
            "{td:은} 가중치 {params}개를 공유하는 Dense 하나를 "
            "타임스텝 {steps}개에 똑같이 적용합니다: {before:이} {after:이} 됩니다. Dense는 "
            "원래 마지막 축에 작용하므로 그냥 {dense:을} 써도 여기서는 shape이 같습니다."
        ),
        "no_time_distributed": (
            "{name}의 출력 {shape}에는 시간 축이 없어서 TimeDistributed를 이어 붙일 수 없습니다. "
            "TimeDistributed는 나눠 적용할 스텝이 있어야 하므로 3차원 (배치, 타임스텝, 피처) "
            "입력이 필요합니다. 그냥 Dense를 쓰거나, return_sequences=True로 스텝을 남기세요."
        ),
        "params": "{name}의 파라미터는 {formula}개입니다: {explanation}",
        "params_lstm": (
            "게이트 4개(입력, 망각, 셀 후보, 출력)마다 입력 피처({features}개)에 대한 커널, 이전 "
            "h의 유닛({units}개)에 대한 순환 커널{bias}"
        ),
        "input_convlstm": (
            "입력 x의 shape은 {shape}입니다. 샘플 {batch}개가 한 배치이고, 샘플마다 프레임 {window}개(타임스텝)가 "
            "있으며, 프레임마다 위치 {frame}에 채널이 {features}개씩 있습니다. ConvLSTM은 스텝마다 프레임 하나를 "
            "읽고 프레임의 배치를 그대로 둡니다: 게이트가 피처를 한 줄로 편 벡터의 가중치가 아니라 위치 위의 합성곱입니다."
        ),
        "frame_convlstm": (
            " 프레임은 {before} → {after}: 커널 {kernel}, stride {strides}, dilation {dilation}, {padding} 패딩이므로 "
            "위치 n개인 축마다 {rule}개가 됩니다."
        ),
        "sequences_convlstm": (
            "{name}({kind})의 출력은 {shape}입니다: 샘플 {batch}개 × 타임스텝 {steps}개 × 위치 "
            "{frame}의 프레임 × 필터 {units}개. return_sequences=True이면 타임스텝 {steps}개 모두에서 "
            "출력 프레임을 돌려주므로 시간 축이 남고, 프레임 크기는 입력 프레임에 합성곱 계산을 한 결과입니다."
        ),
        "last_convlstm": (
            "{name}({kind})의 출력은 {shape}입니다: 샘플 {batch}개 × 위치 {frame}의 프레임 × 필터 "
            "{units}개. return_sequences=False이면 타임스텝 {steps}개 중 마지막 스텝의 출력 프레임만 "
            "돌려주므로 시간 축이 사라집니다."
        ),
        "params_convlstm": (
            "게이트 4개(입력, 망각, 셀 후보, 출력)가 모두 합성곱입니다: 필터마다 입력 채널({features}개) "
            "위의 위치 {volume}개짜리 커널, 이전 h의 필터({units}개) 위의 위치 {volume}개짜리 순환 커널{bias}"
        ),
        "states_convlstm": (
            "return_state=True이면 {name:은} 마지막 은닉 상태 h {state:과} 셀 상태 c {state}도 "
            "함께 돌려줍니다. 샘플 {batch}개마다 위치별로 필터 {units}개를 담은 프레임입니다. h는 레이어가 "
            "마지막 스텝에서 내놓는 출력 그 자체입니다. 그래서 {relation}{checked}. c는 같은 크기의 "
            "프레임으로, 스텝에서 스텝으로 이어지는 ConvLSTM의 기억입니다."
        ),
        "params_gru": (
            "게이트 3개(업데이트, 리셋, 후보)마다 입력 피처({features}개)에 대한 커널, 이전 h의 "
            "유닛({units}개)에 대한 순환 커널{bias}"
        ),
        "params_simple": (
            "유닛 {units}개마다 입력 피처({features}개)에 대한 커널, 이전 h의 유닛({units}개)에 "
            "대한 순환 커널{bias}"
        ),
        "bias_one": ", 그리고 바이어스가 있습니다.",
        "bias_two": ", 그리고 바이어스 두 개(reset_after: 입력용 하나, 순환용 하나)가 있습니다.",
        "bias_none": "이 있습니다. use_bias가 꺼져 있어 바이어스는 없습니다.",
        "bidirectional_params": " Bidirectional은 이런 가중치를 방향마다 한 벌씩, 모두 두 벌 가집니다.",
        "mask_embedding": (
            "입력은 토큰 id {shape}입니다: 샘플마다 0부터 {top}까지의 정수 {window}개. "
            "Embedding({vocab}, {dim}) 레이어는 id마다 {vocab} × {dim} 표의 한 행을 찾아 주므로, 위 레이어들은 "
            "{out}, 곧 스텝마다 특성 {dim}개를 읽습니다.{mask}"
        ),
        "mask_embedding_zero": (
            " mask_zero=True이면 id 0은 패딩입니다: Keras가 id가 0인 곳마다 False인 마스크를 만들어 "
            "위의 모든 순환 레이어에 넘기고, 레이어들은 그 스텝을 건너뜁니다. 패딩 스텝에서 Embedding의 출력은 "
            "0이 아닙니다: id 0은 표의 0번 행을 찾으며, 이 행은 다른 id의 행처럼 실제 벡터입니다(처음에는 무작위, "
            "학습하면 바뀜). 순환 레이어가 그 스텝을 건너뛰게 하는 것은 마스크뿐이고, 마스크를 받지 않는 레이어"
            "(Conv1D, 벡터 위의 Dense)는 그 행을 데이터로 읽습니다. 패딩 스텝의 0은 순환 레이어의 출력에서만, "
            "그 규칙이 그렇다고 할 때 나타납니다."
        ),
        "mask_masking": (
            "Masking({value}) 레이어는 텐서를 {shape} 그대로 두고 마스크를 만듭니다: 특성 {features}개가 모두 "
            "{value}인 스텝은 마스킹되고, 위의 모든 순환 레이어가 그 스텝을 건너뜁니다."
        ),
        "mask_padding_pre": (
            "샘플 길이는 {lengths}이고 창은 {window}스텝이며, 앞쪽 패딩(pre, Keras pad_sequences의 "
            "기본값)입니다: 패딩({pad})이 먼저 오고 모든 시퀀스가 스텝 {window}에서 끝납니다. 길이가 "
            "{n}인 샘플 {sample:은} 스텝 1부터 {cut}까지가 패딩, 스텝 {start}부터 {window}까지가 데이터입니다."
        ),
        "mask_padding_post": (
            "샘플 길이는 {lengths}이고 창은 {window}스텝이며, 뒤쪽 패딩(post)입니다: 모든 시퀀스가 스텝 "
            "1에서 시작하고 끝난 뒤에 패딩({pad})이 붙습니다. 길이가 {n}인 샘플 {sample:은} 스텝 1부터 "
            "{n}까지가 데이터, 스텝 {start}부터 {window}까지가 패딩입니다."
        ),
        "mask_padding_none": (
            "모든 샘플이 {window}스텝 창을 꽉 채웁니다: 패딩은 없고 마스크는 모든 스텝에서 True입니다."
        ),
        "mask_repeat": (
            "{name:은} 마스크를 따라 읽습니다. 패딩 스텝에서는 상태를 그대로 두고 직전 출력을 다시 "
            "씁니다(한 방향 레이어는 zero_output_for_mask가 꺼져 있습니다). 그래서 샘플마다 패딩 스텝은 "
            "마지막 유효 출력을 반복하고, 첫 유효 스텝보다 앞의 패딩 스텝은 0입니다."
        ),
        "mask_repeat_cudnn": (
            " (오른쪽 패딩 마스크로 GPU에서 도는 TensorFlow의 cuDNN 커널은 반복하지 않고 샘플이 끝난 뒤의 "
            "스텝을 0으로 씁니다.)"
        ),
        "mask_zeros": (
            "{name:은} 시퀀스를 돌려주는 Bidirectional이라 Keras가 두 방향 모두 zero_output_for_mask를 "
            "켭니다: 패딩 스텝은 정방향, 역방향 모두 0입니다. 상태는 여전히 그 스텝을 건너뜁니다."
        ),
        "mask_h_pre": (
            " h는 마지막 열이 아니라 샘플마다 마지막 유효 스텝의 출력입니다. 앞쪽 패딩에서는 그 스텝이 "
            "모든 샘플에서 마지막 열({window})이므로, 여기서는 h가 output[:, -1, :]과 같습니다."
        ),
        "mask_h_post": (
            " h는 마지막 열이 아니라 샘플마다 마지막 유효 스텝의 출력입니다: 샘플 {sample}에서는 "
            "{window}스텝 중 스텝 {n}이고, 스텝 {window}의 출력은 패딩 스텝입니다."
        ),
        "mask_h_backwards": (
            " 거꾸로 읽으므로(go_backwards) h는 입력 순서로 샘플마다 첫 유효 스텝, 곧 마지막으로 읽은 "
            "스텝의 출력입니다."
        ),
        "mask_h_bidirectional": (
            " 정방향 h는 샘플마다 마지막 유효 스텝의 출력이고, 역방향 h는 역방향이 끝나는 첫 유효 "
            "스텝의 출력입니다."
        ),
        "mask_last": (
            "{name:은} 샘플마다 출력을 하나만 돌려주며(return_sequences=False), 그 출력이 곧 h입니다."
        ),
        "mask_empty": (
            "샘플 {samples}에는 유효한 스텝이 없습니다: {window}스텝이 모두 패딩입니다. Keras는 그래도 실행합니다. "
            "모든 스텝이 가려지므로 상태는 처음의 0에서 움직이지 않고, h(와 c)는 0이며, 모든 스텝의 출력도 0입니다. "
            "CPU에서는 TensorFlow, JAX, PyTorch 모두 이렇게 하고, GPU의 즉시 실행(eager) 호출도 같습니다. "
            "GPU에 대한 예측: TensorFlow의 cuDNN LSTM과 GRU는 전부 가려진 샘플이 없는지 검사합니다. "
            "즉시 실행 호출은 일반 루프로 넘어가지만, 컴파일된 model.fit이나 model.predict 안에서는 이 검사가 "
            "InvalidArgumentError를 냅니다. 빈 샘플을 빼거나 층을 use_cudnn=False로 만드세요."
        ),
        "mask_kernel": (
            "마스크는 shape이 아니라 GPU가 돌리는 커널을 바꿉니다: TensorFlow는 마스크가 오른쪽 패딩"
            "(post, 또는 패딩 없음)일 때만 LSTM과 GRU에 cuDNN을 쓰고, 앞쪽 패딩이면 일반 루프로 "
            "돌아갑니다. JAX와 PyTorch의 융합 커널은 마스크를 받지 않아 마스크가 있으면 일반 루프를 "
            "씁니다. SimpleRNN에는 융합 커널이 없고, CPU는 언제나 루프를 돌립니다.{this}"
        ),
        "relation_masked": (
            "마스크가 있으면 h는 항상 output[:, -1, :]이 아니라 샘플마다 마지막 유효 스텝의 출력과 같습니다"
            "(어느 스텝인지는 아래 마스크 문단에 있습니다)"
        ),
        "stateful": (
            "{layers:이} stateful입니다: 한 배치의 마지막 상태(h, LSTM이면 c도)가 층 안에 남아 0 대신 다음 "
            "호출의 초기 상태가 됩니다. 상태는 행마다 이어집니다: 다음 배치의 샘플 i는 이 배치의 샘플 i를 이어받으므로, "
            "긴 시계열은 모든 배치의 i번째 행이 같은 시퀀스의 다음 조각이 되도록 잘라야 합니다. 그래서 배치 크기가 "
            "모델의 일부가 됩니다: 상태는 모양이 ({batch}, 유닛)인 변수이고, keras.Input(batch_shape=({batch}, {window}, "
            "피처))나 batch_size={batch:으로} 만들며, 모든 배치가 정확히 샘플 {batch}개여야 합니다(짧은 마지막 배치는 "
            "버리거나 채우세요). 학습은 shuffle=False로 하세요. 섞으면 행이 더는 이어지지 않습니다. 시퀀스가 끝나는 "
            "곳, 보통 에포크 사이에서 model.reset_states()(layer.reset_states())를 부르면 모든 상태가 0으로 돌아갑니다."
        ),
        "stateful_batches": (
            "여기서는 배치 {batches}개를 차례로 돌렸습니다: 위의 각 검사는 한 배치에서 층의 출력을, 이전 배치의 마지막 "
            "상태를 initial_state로 받은 stateful 아닌 새 복사본(비트까지 같음), 그리고 0에서 시작한 같은 복사본(다름)과 "
            "비교합니다. 차이는 전부 이어받은 상태에서 옵니다. reset_states() 뒤에는 모든 상태가 0이고 배치 1이 처음 "
            "출력을 다시 냅니다."
        ),
        "mask_kernel_empty": (
            " 이 스택에는 유효한 스텝이 없는 샘플이 있습니다: GPU에서도 모든 백엔드가 일반 루프를 돕니다"
            "(위에서 말한 대로 TensorFlow의 cuDNN 검사가 실패합니다)."
        ),
        "mask_kernel_left": " 이 스택의 마스크는 왼쪽 패딩(pre)이라 GPU에서도 모든 백엔드가 일반 루프를 씁니다.",
        "mask_kernel_right": (
            " 이 스택의 마스크는 오른쪽 패딩이라 GPU에서 TensorFlow는 cuDNN을 유지하고, JAX와 PyTorch는 그렇지 않습니다."
        ),
        "mask_kernel_no_fused": (
            " 이 스택에는 LSTM이나 GRU 레이어가 따로 없습니다(SimpleRNN, 또는 RNN 하나에 셀 여러 개): 패딩과"
            " 상관없이 GPU에서도 모든 백엔드가 일반 루프를 돕니다."
        ),
    },
    gates={
        "lstm": ("입력", "망각", "셀", "출력"),
        "convlstm": ("입력", "망각", "셀", "출력"),
        "gru": ("업데이트", "리셋", "후보"),
    },
    weights={
        "kernel": "입력 피처 × {gates}",
        "recurrent_kernel": "이전 h의 유닛 × {gates}",
        "bias": "{gates}",
        "bias_two": "[입력 바이어스, 순환 바이어스] × {gates}",
        "convlstm_kernel": "커널 {kernel} × 입력 채널 × {gates}",
        "convlstm_recurrent_kernel": "커널 {kernel} × 이전 h의 필터 × {gates}",
        "gates_split": "게이트 {count}개 × {units}: {names}",
        "no_gates": "유닛 {units}개",
        "conv_kernel": "커널 스텝 × 입력 피처 × 필터",
        "conv_bias": "필터마다 하나",
        "flatten_kernel": "타임스텝 × 유닛을 행 우선으로 펼친 것 × 헤드 유닛",
        "dense_kernel": "입력 × 유닛",
        "dense_bias": "유닛마다 하나",
        "embeddings": "토큰 id마다 한 행(어휘 크기) × 임베딩 차원; 패딩 id 0도 다른 id처럼 0번 행을 찾습니다",
    },
    errors={
        "data_convlstm": "{cell:은} 프레임(배치, 타임스텝, 행..., 채널)을 읽는데 --data는 타임스텝마다 피처 한 줄씩을 줍니다",
        "data_convlstm_hint": "ConvLSTM 스택은 --data 없이 무작위 프레임 배치로 확인하거나, 저장한 모델을 inspect로 보세요.",
        "conv_rank": "{value:은} 축마다 크기 하나가 아닙니다: 이 층은 축 {rank}개를 합성곱합니다",
        "conv_rank_hint": "축마다 크기를 하나씩 주거나, 모든 축에 쓸 숫자 하나를 주세요.",
        "conv_strides_dilation": "ConvLSTM은 strides > 1과 dilation_rate > 1을 함께 받지 못합니다(Keras가 거부합니다)",
        "conv_strides_dilation_hint": "팽창하려면 strides를 1로, 보폭을 두려면 dilation_rate를 1로 두세요.",
        "conv_no_unroll": "{cell}에는 unroll이 없습니다: 루프를 펼칠 수 없습니다",
        "conv_no_unroll_hint": "ConvLSTM 층에서는 unroll을 빼세요.",
        "cells_flag_form": "--cells에는 CELL:UNITS 쌍을 쉼표로 이어 주세요. 입력값: {value!r}",
        "cells_flag_form_hint": "예: --cells lstm:8,gru:4 (셀은 lstm, gru, simple-rnn; 아래 셀부터).",
        "cells_with_units": "--cells가 셀마다 units를 주므로 --units를 함께 쓰면 두 번 주게 됩니다",
        "cells_with_units_hint": "--units를 빼고 --cells에 units를 쓰세요. 예: --cells lstm:8,gru:4.",
        "cells_with_cell": "--cells가 셀마다 종류를 정하므로 --cell을 함께 쓰면 두 번 정하게 됩니다",
        "cells_with_cell_hint": "--cell을 빼고 --cells에 종류를 쓰세요. 예: --cells lstm:8,gru:4.",
        "stacked_cells_list": "cells는 {{ units = 8 }} 같은 셀 표의 목록이어야 합니다. 입력값: {value!r}",
        "stacked_cells_list_hint": 'cells = [{{ units = 8 }}, {{ cell = "gru", units = 4 }}]처럼 아래 셀부터 쓰세요.',
        "stacked_cell_setting": "{setting:은} 셀이 아니라 RNN 층의 설정입니다",
        "stacked_cell_setting_hint": "{setting:을} 셀 표에서 빼서 cells = [...] 옆에 쓰세요.",
        "stacked_layer_setting": "{setting:은} 셀의 설정입니다: 여러 셀을 도는 RNN에는 자기 설정이 없습니다",
        "stacked_layer_setting_hint": "{setting:을} cells = [...] 안의 셀 표에 쓰세요. units와 cell은 맨 위 셀에서 옵니다.",
        "stacked_conv_cell": "쌓은 RNN에는 {cell} 셀을 넣지 않습니다: LSTM, GRU, SimpleRNN 셀만 됩니다",
        "stacked_conv_cell_hint": "cells 안에는 cell lstm, gru, simple-rnn을 쓰고, ConvLSTM은 따로 한 층으로 두세요.",
        "conv_bidirectional": "쌓은 스택에서는 {cell:을} Bidirectional로 감싸지 않습니다",
        "conv_bidirectional_hint": "--bidirectional을 빼세요. 보고 싶다면 Bidirectional({cell})로 모델을 저장하고 lstm-shapes inspect로 보세요.",
        "conv_mixed": "스택에 {cells:이} 섞여 있습니다: ConvLSTM은 프레임(배치, 타임스텝, 행..., 필터)을 돌려주는데 일반 순환 층은 이를 읽지 못하고, 차원이 다른 ConvLSTM끼리도 서로 읽지 못합니다",
        "conv_mixed_hint": "모든 층을 같은 ConvLSTM으로 하거나 일반 셀만 쓰세요(Reshape를 넣은 모델을 저장해 inspect로 보세요).",
        "spatial_without_conv": "--spatial {value:은} 프레임을 주지만 ConvLSTM 층이 없습니다",
        "spatial_without_conv_hint": "--cell conv-lstm-1d, conv-lstm-2d, conv-lstm-3d 중 하나를 쓰거나 --spatial을 빼세요.",
        "spatial_rank": "{cell:은} 축 {rank}개짜리 프레임을 읽는데 --spatial은 {value}입니다",
        "spatial_rank_hint": "크기 {rank}개를 주세요. 예: --spatial {example}.",
        "spatial_missing": "{cell:은} 축 {rank}개짜리 프레임을 읽는데 --spatial로 그 크기를 주지 않았습니다",
        "spatial_missing_hint": "크기 {rank}개를 주세요. 예: --spatial {example}. 그러면 --features가 채널 수입니다.",
        "conv_lstm_front": "{cell:은} 프레임을 읽습니다: 앞에 Conv1D, Embedding, 마스크, 길이를 둘 수 없습니다",
        "conv_lstm_front_hint": "ConvLSTM에서는 --conv-filters, --vocab, --mask-value, --lengths를 빼세요.",
        "conv_too_small": "{name}의 커널 {kernel:이} valid 패딩으로는 입력 프레임 {sizes}에 들어가지 않습니다",
        "conv_too_small_hint": "커널을 줄이거나 --cell-padding same을 쓰거나 --spatial 프레임을 키우세요.",
        "whole_number": "정수여야 합니다. 입력값: {value!r}",
        "at_least": "{minimum} 이상이어야 합니다. 입력값: {value}",
        "true_or_false": "true 또는 false여야 합니다. 입력값: {value!r}",
        "number": "숫자여야 합니다. 입력값: {value!r}",
        "fraction": "0 이상 1 미만이어야 합니다. 입력값: {value}",
        "fraction_hint": "학습 중에 무작위로 0으로 만드는 유닛의 비율입니다. 예: 0.2",
        "unknown": "알 수 없는 값 {value!r}입니다. 쓸 수 있는 값: {valid}",
        "unknown_guess": "알 수 없는 값 {value!r}입니다. 혹시 {guess!r}인가요? 쓸 수 있는 값: {valid}",
        "matrix_only": "알 수 없는 값 {value!r}입니다. 쓸 수 있는 값: {valid}",
        "matrix_only_hint": (
            "{value!r} 초기화 함수는 2차원 행렬만 채울 수 있는데 바이어스는 1차원입니다. kernel_initializer나 "
            "recurrent_initializer에 쓰세요."
        ),
        "rank2_only": "알 수 없는 값 {value!r}입니다. 쓸 수 있는 값: {valid}",
        "rank2_only_hint": "orthogonal_regularizer는 2차원 텐서에만 쓸 수 있습니다. 여기서는 l1, l2, l1l2를 쓰세요.",
        "implementation": "1 또는 2여야 합니다. 입력값: {value!r}",
        "implementation_hint": "1은 게이트마다 작은 행렬 곱을 따로, 2는 모든 게이트를 한 번에 계산합니다.",
        "not_a_setting_of_the_cell": "{cell} 레이어에는 {setting} 설정이 없습니다. {cells:join:과 } 레이어에만 있습니다",
        "not_a_setting_of_the_cell_hint": "{setting} 설정을 빼거나, 이 설정이 있는 셀(cell = {owner})을 쓰세요.",
        "merge_without_bidirectional": "두 방향을 합치는 것은 양방향(bidirectional) 레이어뿐입니다",
        "merge_without_bidirectional_hint": "bidirectional(--bidirectional)을 켜거나 merge_mode를 빼세요.",
        "batches_need_stateful": "연속된 배치 {batches}개로 배치 사이에 이어지는 상태를 보여 주는데, stateful인 층이 없습니다",
        "batches_need_stateful_hint": "--stateful을 더하세요(스펙 파일에서는 stateful = true). 없으면 배치마다 0에서 시작합니다.",
        "batches_beyond_data": "연속 배치 {batches}개를 요청했지만 데이터에는 샘플 {batch}개짜리 온전한 배치가 {full}개뿐입니다(샘플 {samples}개)",
        "batches_beyond_data_hint": "--batch를 {fit} 이하로 하거나 --batches를 줄이세요.",
        "batches_one_backend": "연속된 배치는 백엔드 하나에서 돌립니다. 여러 백엔드({backends})에서는 안 됩니다",
        "batches_one_backend_hint": "--batches에는 --backend를 하나만 주거나, 백엔드를 비교하려면 --batches를 빼세요.",
        "stateful_bidirectional_states": (
            "stateful인 Bidirectional 레이어는 상태를 함께 돌려줄 수 없습니다. Keras 3가 이 조합을 "
            "만들지 못합니다 (stateful과 return_state)"
        ),
        "stateful_bidirectional_states_hint": "stateful, return_state, bidirectional 중 하나를 끄세요.",
        "size_limit": "2**31 - 1 = {limit} 이하여야 하는데 {value}입니다",
        "size_limit_hint": "어떤 Keras 백엔드도 그렇게 긴 축을 만들 수 없고, 그 가중치를 담을 기계도 없습니다.",
        "seed_limit": "2**32 = {limit}보다 작아야 합니다. 입력값: {value}",
        "no_layers": "순환 레이어가 적어도 하나 있어야 합니다",
        "kernel_too_long": (
            "길이 {kernel}인 커널이 윈도우 크기 {window}보다 길어서, valid 패딩으로는 Conv1D의 출력 "
            "스텝이 하나도 없습니다"
        ),
        "kernel_too_long_hint": "커널 길이를 {window} 이하로 하거나, same 또는 causal 패딩을 쓰세요.",
        "lower_layer_flat": (
            "{name:은} 2차원 (배치, 유닛) 출력을 내는데, 위의 {above:은} 3차원 (배치, 타임스텝, 피처) "
            "입력이 필요합니다"
        ),
        "lower_layer_flat_hint": (
            "{name}에 return_sequences = true를 설정하세요. 맨 위를 뺀 모든 레이어는 시퀀스 전체를 "
            "돌려줘야 합니다."
        ),
        "merge_none_under_layer": (
            "merge_mode none이면 {name:은} 출력을 두 개(정방향, 역방향) 내는데, 위의 {above:은} 텐서 "
            "하나만 받습니다"
        ),
        "merge_none_under_layer_hint": (
            "concat, sum, mul, ave 중 하나로 합치거나, 헤드 없이 맨 위 레이어로 두세요."
        ),
        "merge_none_under_head": (
            "merge_mode none이면 {name:은} 출력을 두 개(정방향, 역방향) 내는데, 헤드는 텐서 하나만 받습니다"
        ),
        "merge_none_under_head_hint": (
            "concat, sum, mul, ave 중 하나로 합치거나, 헤드 없이 맨 위 레이어로 두세요."
        ),
        "flatten_2d": "Flatten은 펼칠 시간 축이 필요한데, {name:은} return_sequences가 꺼져 있어 2차원 (배치, 유닛) 출력을 냅니다",
        "flatten_2d_hint": "{name}에서 시퀀스 전체를 돌려주거나(--return-sequences) --head dense를 쓰세요: (배치, {units})에서는 Flatten이 바꿀 것이 없습니다.",
        "time_distributed_2d": (
            "TimeDistributed는 3차원 (배치, 타임스텝, 피처) 입력이 필요한데, {name:은} "
            "return_sequences가 꺼져 있어 2차원 (배치, 유닛) 출력을 냅니다"
        ),
        "time_distributed_2d_hint": (
            "시간 축을 남기려면 {name}에서 시퀀스 전체를 돌려주거나(--return-sequences), 2차원 출력에도 "
            "쓸 수 있는 Dense 헤드(--head dense)를 쓰세요."
        ),
        "conv_needs_filters": "Conv1D 앞단을 만드는 옵션인데, --conv-filters가 없습니다",
        "bug": "입력이 아니라 lstm-shapes의 버그입니다({error}). 트레이스백을 {path}에 저장했습니다",
        "bug_hint": "이 파일을 첨부해 알려 주세요. --traceback을 주면 트레이스백을 여기에 바로 보여 줍니다.",
        "json_and_format": "--json은 --format json과 같아서 --format {format}과 함께 쓸 수 없습니다",
        "json_and_format_hint": "--format이나 --json 중 하나만 주세요.",
        "dilation_with_strides": "dilation rate가 1보다 크면 stride는 1이어야 하는데, strides가 {strides}입니다",
        "dilation_with_strides_hint": "Keras의 Conv1D는 둘을 함께 받지 않습니다: --conv-strides 1 또는 --conv-dilation-rate 1로 하세요.",
        "conv_needs_filters_hint": "--conv-filters N(예: 16)을 함께 주거나, --conv-* 옵션을 빼세요.",
        "compare_empty": "비교할 옵션을 하나 이상 적어 주세요",
        "compare_empty_hint": "비교할 수 있는 옵션: {valid}",
        "compare_unknown": "{flag!r} 옵션은 비교할 수 없습니다",
        "compare_unknown_hint": "비교할 수 있는 옵션: {valid}",
        "compare_twice": "{text!r}에 같은 옵션이 두 번 있습니다",
        "compare_twice_hint": "비교할 수 있는 옵션: {valid}",
        "compare_too_many": "옵션은 {most}개(스택 {stacks}개)까지 비교할 수 있습니다. 입력: {count}개",
        "compare_too_many_hint": "비교할 수 있는 옵션: {valid}",
        "all_refused": "모든 조합을 만들 수 없습니다: {reason}",
        "backend_env": "{env}={value!r}: lstm-shapes가 실행하는 백엔드가 아닙니다. 가능한 값: {valid}.",
        "backend_env_hint": "--backend tensorflow, jax, torch 중 하나를 주거나 {env:을} 지우세요.",
        "backend_missing": "--backend {backend}: {label:이} 설치되어 있지 않습니다",
        "backend_missing_hint": "설치 명령: {install}",
        "backend_empty": "{text!r}에 빈 이름이 있습니다. 가능한 값: {valid}, 이들을 쉼표로 이은 목록, 또는 all.",
        "backend_empty_hint": "--backend jax 또는 --backend tensorflow,jax,torch처럼 쓰세요.",
        "backend_all_mixed": "all은 다른 이름과 함께 쓸 수 없습니다",
        "backend_all_mixed_hint": "--backend all만 단독으로 쓰세요.",
        "backend_unknown": "알 수 없는 백엔드 {name!r}. 가능한 값: {valid}, 이들을 쉼표로 이은 목록, 또는 all.",
        "backend_unknown_guess": (
            "알 수 없는 백엔드 {name!r}. {guess!r} 말인가요? 가능한 값: {valid}, 이들을 쉼표로 이은 목록, "
            "또는 all."
        ),
        "backend_repeated": "{names}: 두 번 이상 지정되었습니다",
        "backend_repeated_hint": "각 백엔드를 한 번씩만 쓰세요. 예: --backend tensorflow,jax,torch.",
        "shape_written": "모양은 32,25,20 또는 [32, 25, 20]처럼 씁니다. 입력값: {value!r}",
        "shape_empty": "모양이 비어 있습니다. 32,25,20처럼 쓰세요",
        "shape_parentheses": "{value!r}: 괄호의 짝이 맞지 않습니다. (32, 25, 20) 또는 32,25,20처럼 쓰세요",
        "shape_trailing_comma": "{value!r}: 축 하나가 빠진 듯 쉼표로 끝납니다. 32,25,20처럼 쓰세요",
        "shape_too_many_axes": "모양의 축이 {count:,}개인데, 스택의 어떤 텐서도 축이 {most}개를 넘지 않습니다",
        "axis_not_size": "{item!r}: 크기가 아닙니다. 각 축은 정수이거나, 아무 크기나 허용하는 _ 또는 *입니다",
        "expect_form": "{text!r}: TENSOR=SHAPE 형식이 아닙니다",
        "expect_form_hint": "예: --expect output=32,25,20 --expect lstm_1.hidden=32,_",
        "expect_unknown": "이 스택에는 {tensor!r}라는 텐서가 없습니다. 가능한 이름: {valid}",
        "expect_unknown_hint": "짧은 이름: {short}.",
        "size_unreadable": "{text!r}: 크기가 아닙니다",
        "size_unreadable_hint": "2GiB, 512MiB, 800M처럼 쓰세요.",
        "memory_over_limit": "이 실행에는 메모리가 약 {need} 필요하지만 한도(--max-memory)는 {limit}입니다",
        "memory_over_free": "이 실행에는 메모리가 약 {need} 필요하지만 사용할 수 있는 메모리는 {limit}뿐입니다",
        "memory_batch_hint": (
            "들어가는 가장 큰 배치는 {fits}입니다(--batch {batch}). 또는 --no-run으로 계산 없이 모양만 보세요."
        ),
        "memory_none_fits_hint": (
            "배치 1도 들어가지 않습니다: --units를 줄이거나 --window를 짧게 하세요. 또는 --no-run으로 계산 없이 "
            "모양만 보세요."
        ),
        "memory_framework_limit_hint": (
            "레이어를 만들기 전에 Keras만으로도 약 {framework}가 필요해 {limit}에는 어떤 스택도 들어가지 않습니다: "
            "--max-memory를 {least} 이상으로 올리거나, --no-run으로 계산 없이 shape만 보세요."
        ),
        "memory_framework_free_hint": (
            "레이어를 만들기 전에 Keras만으로도 약 {framework}가 필요합니다: 메모리를 비우거나, --no-run으로 "
            "계산 없이 shape만 보세요."
        ),
        "memory_batch_hint_model": "들어가는 가장 큰 배치는 {fits}입니다(--batch {batch}). 모델이 배치 축을 열어 둔 경우입니다.",
        "memory_none_fits_hint_model": "이 모델은 배치 1도 들어가지 않습니다: 메모리를 비우거나 --max-memory를 올리세요.",
        "memory_framework_limit_hint_model": (
            "레이어를 만들기 전에 Keras만으로도 약 {framework}가 필요해 {limit}에는 어떤 모델도 들어가지 않습니다: "
            "--max-memory를 {least} 이상으로 올리세요."
        ),
        "memory_framework_free_hint_model": "레이어를 만들기 전에 Keras만으로도 약 {framework}가 필요합니다: 메모리를 비우세요.",
        "error": "오류",
        # 명령줄 (cli/).
        "interrupted": "중단했습니다.",
        "long_loop": (
            "참고: 순환 단계 {steps}개가 차례로 실행되므로 몇 분 걸릴 수 있습니다. "
            "--no-run은 모양을 바로 보여 줍니다."
        ),
        "write_failed": "{stream}에 쓸 수 없습니다: {reason}",
        "flag_not_in_mode": "{mode}와 함께 쓰면 아무 뜻이 없습니다",
        "flag_not_in_mode_hint": "빼거나, {mode} 없이 실행하세요.",
        "compare_flag_given": "--compare {flag}는 이미 {flag}를 끄고 켜서 둘 다 실행합니다",
        "compare_flag_given_hint": "비교할 때는 --{flag}(또는 --no-{flag})를 빼세요.",
        "compare_padding_given": "--compare padding은 이미 padding pre와 post로 둘 다 실행합니다",
        "compare_padding_given_hint": "비교할 때는 --padding을 빼세요.",
        "compare_one_backend": "--compare는 모든 조합을 백엔드 하나에서 실행합니다",
        "compare_one_backend_hint": "백엔드를 하나만 지정하거나, --compare 없이 백엔드끼리 비교하세요.",
        "head_units_need_head": "헤드의 유닛 수를 정하지만 헤드가 없습니다(--head가 none)",
        "head_units_need_head_hint": "--head dense나 --head time-distributed를 더하거나, --head-units를 빼세요.",
        "check_one_backend": "check는 모든 케이스를 한 프로세스, 한 백엔드에서 실행합니다",
        "check_one_backend_hint": "백엔드마다 check를 한 번씩 실행하세요: lstm-shapes check --backend jax FILE...",
        "junit_no_folder": "JUnit 파일 {path}에 쓸 수 없습니다: 폴더 {folder}가 없습니다",
        "junit_write": "JUnit 파일 {path}에 쓸 수 없습니다: {reason}",
        "child_died": "{backend}에서의 실행이 결과 없이 멈췄습니다(종료 코드 {code}): {reason}",
        "child_died_hint": "따로 실행해서 이유를 보세요: lstm-shapes --backend {backend} --traceback ...",
        "no_backend_installed": "--backend all: 설치된 Keras 백엔드가 없습니다",
        "no_backend_installed_hint": "하나를 설치하세요: pip install tensorflow",
        # Click 자체의 사용법 오류.
        "click_try_help": "모든 플래그와 값은 '{command}'에서 볼 수 있습니다.",
        "click_usage": "사용법:",
        "click_options": "[옵션]",
        "click_command": "명령",
        "click_args": "[인수]",
        "click_no_such_option": "그런 옵션은 없습니다: {option}.",
        "click_did_you_mean": "{options:을} 뜻했나요?",
        "click_missing": "{name} 값이 빠졌습니다.",
        "click_bad_value": "{name}의 값이 잘못되었습니다: {problem}",
        "click_needs_value": "'{option}' 옵션에는 값이 필요합니다.",
        "click_extra": "예상하지 못한 인수가 더 있습니다({args})",
        "click_no_command": "'{command}'라는 명령은 없습니다.",
        "click_not_integer": "{value}는 정수가 아닙니다.",
        "click_not_float": "{value}는 실수가 아닙니다.",
        "click_not_boolean": "{value}는 참/거짓 값이 아닙니다.",
        "click_not_one_of": "{value}는 {choices} 중 하나가 아닙니다.",
        "click_nearest_value": "{value:을} 뜻했나요?",
        "click_out_of_range": "{value}는 {range} 범위 밖입니다.",
        "picture_refused": "{flag:은} 스택 하나의 표를 그리는데, {mode:은} 다른 것을 출력합니다",
        "picture_refused_hint": "{flag:을} 빼거나, {mode} 없이 실행하세요.",
        "cannot_write": "{path}에 쓸 수 없습니다: {reason}",
        # 상주 서버 (serve/).
        "server_stale": "이미 끝난 프로세스(pid {pid})가 남긴 서버 소켓을 지우고 이 프로세스에서 실행합니다",
        "server_unreachable": "서버에 연결할 수 없어({reason}) 이 프로세스에서 실행합니다",
        "server_untrusted": (
            "{path}의 서버를 쓰지 않습니다: 이 사용자만 쓸 수 있는 폴더와 소켓이 아닙니다({why}). "
            "이 프로세스에서 실행합니다. lstm-shapes server start가 새로 만듭니다."
        ),
        "server_lost": "요청을 실행하는 중에 서버가 멈췄으므로 이 프로세스에서 실행합니다",
        "server_auto_starting": (
            "다음 실행부터 프레임워크를 다시 불러오지 않도록 상주 서버를 백그라운드에서 시작합니다({source}). "
            "{minutes}분 동안 요청이 없으면 끝나며, lstm-shapes server stop으로 멈출 수 있습니다"
        ),
        "server_setting_unknown": "{source:을} 무시합니다: {value!r}: auto, on, off 중 하나가 아닙니다",
        "server_config_unreadable": "{path:을} 무시합니다: {reason}",
        "server_foreign": "{path:은} 다른 사용자의 것이라 서버가 쓸 수 없습니다",
        "server_foreign_hint": "XDG_RUNTIME_DIR를 자기 폴더로 정하거나, 그 주인에게 지워 달라고 하세요.",
        "server_other_user": "이 서버는 서버를 시작한 사용자의 요청만 받습니다",
        "server_bad_request": "서버가 요청을 거절했습니다: {reason}",
        "server_worker_crashed": (
            "서버의 {backend} 작업 프로세스가 이 요청을 실행하다 끝났습니다({how}). 새 프로세스로 "
            "바꿨으니 명령을 다시 실행하거나 --no-server로 실행하세요"
        ),
        "server_worker_hung": (
            "서버의 {backend} 작업 프로세스가 {seconds}초 안에 답하지 않았습니다(server start --timeout). "
            "새 프로세스로 바꿨습니다"
        ),
        "server_unknown_backend": "--warm: 알 수 없는 백엔드 {name!r}; 가능한 값: {valid}, none",
        "server_already": "서버가 이미 실행 중입니다: pid {pid}, 소켓 {socket}",
        "server_no_start": "서버가 시작되지 않았습니다. 로그: {log}",
        "server_no_warm": "서버의 작업 프로세스가 Keras를 불러오지 못했습니다. 로그: {log}",
        "server_started": "서버를 시작했습니다: pid {pid}, 소켓 {socket}, 준비된 백엔드: {warm}",
        "server_none": "이 환경의 서버가 실행 중이 아닙니다(소켓 {socket}).",
        "server_stopped": "서버를 멈췄습니다(pid {pid}).",
        "server_idle_exit": "요청 없이 {minutes}분이 지나면 끝납니다",
        "server_running": "이 환경의 서버가 실행 중입니다:",
        "data_step_too_long": "행 수({rows})보다 작아야 합니다. 입력값: {value}. Keras의 timeseries_dataset_from_array가 거부합니다",
        "data_step_too_long_hint": "더 작은 값을 쓰거나 행을 늘리세요.",
        "data_missing": "파일이 없습니다: {path}",
        "data_missing_hint": "경로를 확인하세요. 현재 폴더(또는 .toml 명세 파일이 있는 폴더)를 기준으로 읽습니다.",
        "data_directory": "{path}은(는) 폴더이며 데이터 파일이 아닙니다",
        "data_directory_hint": ".csv, .tsv, .npy 또는 .npz 파일을 주세요.",
        "data_extension": "{path}을(를) 읽을 수 없습니다: 알 수 없는 확장자 {suffix}",
        "data_extension_hint": ".csv나 .tsv(헤더 행), .parquet나 .feather, .npy나 .npz(배열 x, y)를 쓰세요.",
        "data_unreadable": "{path}을(를) 읽을 수 없습니다: {reason}",
        "data_empty": "{path}이(가) 비어 있습니다",
        "data_empty_hint": "헤더 행과 숫자 행을 하나 이상 쓰세요.",
        "data_no_rows": "{path}에 헤더만 있고 행이 없습니다",
        "data_no_rows_hint": "헤더 아래에 숫자 행을 추가하세요.",
        "data_binary": "{path}은(는) 텍스트가 아니라 바이너리입니다",
        "data_binary_hint": "CSV/TSV 텍스트 파일이나 .npy/.npz 배열을 주세요.",
        "data_encoding": "{path}은(는) UTF-8이 아닙니다 ({position}번째 바이트를 읽을 수 없음)",
        "data_encoding_hint": "UTF-8로 저장하세요. 예: iconv -f cp949 -t utf-8 in.csv > out.csv",
        "data_ragged": "{path}, {line}번째 줄: 헤더는 {expected}칸인데 {saw}칸입니다",
        "data_ragged_hint": "모든 행은 헤더와 칸 수가 같아야 합니다. 구분자가 든 값은 따옴표로 감싸세요.",
        "data_not_numeric": "{path}, 열 {column!r}, {line}번째 줄: {value!r}은(는) 숫자가 아닙니다",
        "data_not_numeric_hint": "값을 고치거나 --columns에서 이 열을 빼세요.",
        "data_target_not_numeric": "{path}: 타깃 {column!r}이(가) 숫자가 아닙니다 ({line}번째 줄: {value!r})",
        "data_target_not_numeric_hint": "타깃은 숫자여야 합니다. 클래스는 0, 1, 2, ...로 바꾸세요.",
        "data_unknown_column": "{name!r} 열이 없습니다",
        "data_unknown_column_hint": "열: {valid}.",
        "data_unknown_column_guess": "{name!r} 열이 없습니다. {guess!r}을(를) 뜻했나요?",
        "data_unknown_column_guess_hint": "열: {valid}.",
        "data_no_numeric": "{path}에 숫자 열이 없습니다",
        "data_no_numeric_hint": "열: {columns}. --columns로 고르세요.",
        "data_array_shape": "{path}: {shape} {dtype} 배열입니다. 2차원 (행, 특성) 또는 3차원 (샘플, 윈도, 특성) 숫자 배열이어야 합니다",
        "data_window_disagrees": "{path}은(는) 이미 타임스텝 {found}개로 잘려 있는데 --window는 {window}입니다",
        "data_window_disagrees_hint": "--window를 빼거나 {found:을} 주세요.",
        "data_features_disagree": "데이터의 특성 열은 {found}개({columns})인데 --features는 {features}입니다",
        "data_features_disagree_hint": "--features를 빼세요. 열에서 정해집니다.",
        "data_not_frame_magic": "{path}은(는) {kind} 파일이 아닙니다: 첫 바이트가 {kind}의 것이 아닙니다",
        "data_not_frame_magic_hint": "pandas로 저장하거나(DataFrame.to_parquet, DataFrame.to_feather) .csv를 주세요.",
        "data_not_frame": "{path}은(는) 읽을 수 있는 {kind} 파일이 아닙니다: {reason}",
        "data_not_frame_hint": "pandas로 다시 저장하거나(DataFrame.to_parquet, DataFrame.to_feather) .csv를 주세요.",
        "data_needs_pyarrow": "{kind} 파일 {path}을(를) 읽으려면 pyarrow가 필요한데 설치되어 있지 않습니다",
        "data_needs_pyarrow_hint": "설치하세요: pip install 'lstm-shapes[parquet]' (또는 pip install pyarrow). 아니면 표를 .csv로 저장하세요.",
        "data_wide_windowed": "{path}은(는) 이미 윈도로 잘려 있습니다(샘플, 윈도, 특성): --layout wide는 2차원 표를 reshape합니다",
        "data_wide_windowed_hint": "3차원 배열에는 --layout wide를 빼세요.",
        "data_wide_needs_window": "--layout wide로 {path}의 {columns}열을 스텝으로 나누려면 윈도 길이가 필요합니다",
        "data_wide_needs_window_hint": "--window T(또는 --features F)를 주세요: 행마다 T × F열이 됩니다.",
        "data_wide_columns": "{path}의 특성 열은 {columns}개인데 윈도 × 특성({window} × {features})이 아닙니다",
        "data_wide_columns_hint": "--columns로 열을 고르거나 열 수를 나누는 윈도를 쓰세요: {divisors}.",
        "data_not_array": "{path}은(는) NumPy 배열 파일이 아닙니다: {reason}",
        "data_npz_keys": "{path}에 x라는 배열이 없습니다 (있는 것: {keys})",
        "data_npz_keys_hint": "np.savez(path, x=..., y=...)로 저장하세요.",
        "data_y_rows": "{path}: x는 {x}행, y는 {y}행입니다",
        "data_y_rows_hint": "x의 행마다 타깃을 하나씩 주세요.",
        "data_target_windowed": "{path}은(는) 이미 윈도로 잘려 있어 --target으로 열을 고를 수 없습니다",
        "data_target_windowed_hint": "타깃은 .npz 파일의 y로 넣으세요.",
        "data_kind": "data는 파일 경로, NumPy 배열, pandas DataFrame이어야 합니다. {kind:은} 안 됩니다",
        "data_too_large": "{path}은(는) {size}입니다. 읽는 데 약 {need}이(가) 필요한데 {room}만 남아 있습니다",
        "data_too_large_hint": "더 작은 파일을 쓰거나 --max-memory를 올리세요.",
        "data_flag_needs_data": "{flag:은} --data 없이는 뜻이 없습니다",
        "data_flag_needs_data_hint": "--data FILE을 더하거나 {flag:을} 빼세요.",
        "model_missing": "{path}: 파일이 없습니다",
        "model_missing_hint": "MODEL은 .keras나 .h5 파일, 또는 Keras 모델을 돌려주는 FILE.py:FUNCTION / module:FUNCTION입니다.",
        "model_directory": "{path}은(는) 폴더입니다. 저장된 모델 파일이 아닙니다",
        "model_directory_hint": ".keras나 .h5 파일을 주세요 (TensorFlow SavedModel 폴더는 Keras 3 모델 파일이 아닙니다).",
        "model_not_a_model": "{path}은(는) 저장된 Keras 모델이 아닙니다: {why}",
        "model_not_a_model_hint": "MODEL은 .keras나 .h5 파일, 또는 Keras 모델을 돌려주는 FILE.py:FUNCTION / module:FUNCTION입니다.",
        "model_needs_code": "{path}을(를) 불러오려면 파이썬 코드를 실행해야 합니다: {what}. 파일의 어떤 코드도 실행하지 않았습니다",
        "model_needs_code_hint": "믿을 수 있는 파일이면 --unsafe로 불러오세요. 그 코드가 실행됩니다.",
        "model_keras_refused": "Keras가 {path}을(를) 불러오지 못합니다: {reason}",
        "model_keras_refused_hint": "사용자 정의 층은 그것을 정의한 코드를 가져와야 불러올 수 있습니다: --custom-objects FILE.py(또는 MODULE)를 더하거나 FILE.py:FUNCTION으로 모델을 만들어 주세요.",
        "model_needs_class": "{path}을(를) 불러오려면 파이썬 클래스가 필요합니다: {what}. 아무것도 가져오지 않았습니다",
        "model_needs_class_hint": "그 코드를 믿을 수 있으면 가져오세요: --custom-objects {module}.py(파일) 또는 --custom-objects {module}(모듈).",
        "custom_objects_missing": "{source}을(를) 가져올 수 없습니다: {reason}",
        "custom_objects_missing_hint": "--custom-objects에는 파이썬 파일(layers.py)이나 가져올 수 있는 모듈 이름(mypackage.layers)을 주세요.",
        "custom_objects_failed": "{source}을(를) 가져오다 {kind:이} 났습니다: {reason}",
        "custom_objects_failed_hint": "그 코드를 고치거나 FILE.py:FUNCTION으로 모델을 만들어 주세요.",
        "factory_missing": "{factory:을} 찾을 수 없습니다: {reason}",
        "factory_failed": "{factory}에서 {kind} 오류가 났습니다: {reason}",
        "factory_not_model": "{factory:이} Keras 모델이 아닌 {kind:을} 돌려주었습니다",
        "model_unbuilt": "{path}: 모델에 입력이 없습니다 (만들기 전에 저장되었습니다)",
        "model_unbuilt_hint": "저장하기 전에 모델을 만드세요 (keras.Input, 또는 한 번 호출), 아니면 FILE.py:FUNCTION을 주세요.",
        "model_layer_failed": "Keras가 모델을 {layer}({kind})에서 거부했습니다. 받은 입력은 {got}: {said}",
        "model_layer_failed_fix": "{fix}",
        "model_batch": "모델이 이 배치를 받지 못합니다: {reason}",
        "model_batch_hint": "배치는 {shapes}였습니다. --batch나 --window를 바꿔 보세요.",
        "model_unknown_axis": "입력 {name}의 {axis}번 축 크기를 모릅니다. 배치 축과 시간 축만 채울 수 있습니다",
        "model_expect": "이 모델에 {name!r} 텐서가 없습니다. 가능한 이름: {valid}",
        "model_backends": "inspect는 한 번에 백엔드 하나로 실행합니다",
        "model_backends_hint": "백엔드마다 한 번씩 실행하세요: lstm-shapes inspect --backend jax MODEL",
        "vocab_too_small": "2 이상이어야 합니다(받은 값 {value}): id 0과 토큰이 적어도 하나 있어야 합니다",
        "vocab_too_small_hint": "어휘 크기는 0을 포함한 토큰 id의 개수입니다. 2 이상을 쓰세요.",
        "lengths_form": "쉼표로 구분한 정수이거나 random이어야 합니다(받은 값 {value!r})",
        "lengths_form_hint": "샘플마다 유효 길이 하나씩, 예: --batch 3이면 --lengths 25,12,3.",
        "lengths_count": "길이가 {count}개인데 배치 크기는 {batch}입니다",
        "lengths_count_hint": "샘플마다 길이를 하나씩({batch}개) 주거나 --lengths random을 쓰세요.",
        "length_negative": "샘플 {sample}의 길이가 {value}입니다: 길이는 유효한 스텝 수이므로 0 이상입니다",
        "length_negative_hint": "0(전부 패딩인 샘플)부터 윈도우 크기까지 쓰세요.",
        "length_too_long": "샘플 {sample}의 길이 {value:이} 윈도우 크기 {window}보다 깁니다",
        "length_too_long_hint": "길이는 윈도우 {window} 안의 유효한 스텝 수이므로 최대 {window}입니다.",
        "token_ids_features": "토큰 id 입력에서는 1이어야 합니다(받은 값 {value}): 스텝마다 정수 id 하나입니다",
        "token_ids_features_hint": "피처는 Embedding이 만듭니다(--embedding-dim). --features는 빼세요.",
        "mask_value_with_embedding": "Masking은 실수 피처에 쓰는데 Embedding은 정수 토큰 id를 받습니다",
        "mask_value_with_embedding_hint": "패딩 id 0을 가리려면 --mask-zero를 쓰거나 Embedding을 빼세요.",
        "mask_value_nan": "NaN일 수 없습니다: 어떤 스텝도 NaN과 같지 않아 아무것도 가려지지 않습니다",
        "conv_drops_mask": "Conv1D 앞단은 마스크를 버립니다: Keras의 Conv1D는 마스크를 넘기지 않습니다",
        "conv_drops_mask_hint": "마스크를 쓸 때는 --conv-filters를 빼거나, 마스크(--mask-zero, --mask-value)를 빼세요.",
        "lengths_need_mask": "샘플을 패딩하지만 패딩을 가리는 마스크가 없어 층이 패딩을 데이터로 읽습니다",
        "lengths_need_mask_hint": "--mask-value V(패딩 값)를 더하거나, 토큰 id에 --mask-zero를 쓰세요.",
        "lengths_need_mask_zero": "샘플을 id 0으로 패딩하지만 Embedding이 0을 가리지 않습니다",
        "lengths_need_mask_zero_hint": "--mask-zero를 더해 id 0을 패딩으로 쓰세요.",
        "mask_zero_without_embedding": "토큰 id 0을 가리지만 Embedding이 없어 토큰 id도 없습니다",
        "mask_zero_without_embedding_hint": "--embedding-vocab N을 더하거나, 실수 입력에는 --mask-value V를 쓰세요.",
        "embedding_without_vocab": "Embedding을 설정하는데, Embedding에는 --embedding-vocab이 필요합니다",
        "embedding_without_vocab_hint": "--embedding-vocab N(0을 포함한 토큰 id 수)을 더하세요.",
        "padding_without_lengths": "패딩 위치를 정하지만 얼마나 패딩할지 정하는 --lengths가 없습니다",
        "padding_without_lengths_hint": "--lengths L1,L2,... 또는 --lengths random을 더하세요.",
        "keras2_batch_input_shape": "batch_input_shape는 Keras 2 표기입니다. Keras 3에서는 배치와 shape을 입력에 줍니다: keras.Input(batch_shape=(B, T, F)) (또는 keras.Input(shape=(T, F), batch_size=B)). 스펙 파일에서는 batch, window, features입니다.",
        "keras2_input_shape": "층의 input_shape=(또는 input_dim=)는 Keras 2 표기입니다. Keras 3에서는 모델을 keras.Input(shape=(T, F))로 시작하고 층에는 주지 않습니다. 스펙 파일에서는 window와 features입니다.",
        "keras2_input_length": 'Embedding의 input_length는 Keras 2 표기이며 Keras 3는 (경고와 함께) 무시합니다. 길이는 입력의 것입니다: keras.Input(shape=(T,), dtype="int32"). 스펙 파일에서는 window입니다.',
        "keras2_batch_size": "층에 stateful=True와 batch_size=를 주는 것은 Keras 2 방식입니다. Keras 3에서는 입력에서 배치를 고정합니다: keras.Input(batch_shape=(B, T, F)) 다음 LSTM(units, stateful=True). 스펙 파일에서는 batch와 stateful = true입니다.",
        "keras2_time_major": "time_major는 Keras 2 표기입니다. Keras 3의 순환 층은 (batch, time, features)만 받습니다. 시간 우선 x는 먼저 전치하세요: keras.ops.transpose(x, (1, 0, 2)).",
        "spec_keras2_key": "{kind} 키 {name!r}는 여기서 쓰지 않습니다: {keras3}",
        "spec_unknown_key": "{kind}에 없는 키 {name!r}입니다. 쓸 수 있는 키: {valid}.",
        "spec_unknown_key_guess": "{kind}에 없는 키 {name!r}입니다. {guess!r}을(를) 뜻했나요? 쓸 수 있는 키: {valid}.",
        "spec_conv_table": 'conv는 표여야 합니다. 예: {{ filters = 16, kernel_size = 3, padding = "valid" }}',
        "spec_conv_filters": "Conv1D에는 filters = N이 필요합니다",
        "spec_no_layers": "레이어가 하나 이상 필요합니다: [[case.layers]]에 units = N을 쓰세요",
        "spec_layer_table": "레이어 설정의 표여야 하는데 {value!r}입니다",
        "spec_layer_units": "units = N(유닛 수)이 필요합니다",
        "spec_expect_table": 'expect는 텐서 = shape의 표여야 합니다. 예: {{ output = "32,25,20" }}',
        "spec_run_bool": "run은 true나 false여야 하는데 {value!r}입니다",
        "spec_data_path": "data는 파일 경로 문자열이어야 하는데 {value!r}입니다",
        "spec_column_names": '{name}에는 열 이름을 쓰세요. 예: ["close", "open"]',
        "spec_without_data": '{name:은} data = "FILE" 없이는 뜻이 없습니다',
        "spec_name_missing": '케이스마다 name = "..."이 필요합니다',
        "spec_name_text": '케이스의 name은 문자열이어야 하는데 {value!r}입니다. 예: name = "small"',
        "spec_expect_error": "expect_error는 오류 메시지에 들어 있을 문자열이어야 합니다",
        "spec_unreadable": "파일을 읽을 수 없습니다: {reason}",
        "spec_not_utf8": "UTF-8 텍스트 파일이 아닙니다",
        "spec_toml": "TOML 문법에 맞지 않습니다",
        "spec_toml_at": "TOML 문법에 맞지 않습니다: {source}",
        "spec_defaults_table": "defaults는 표([defaults])여야 합니다",
        "spec_no_cases": "케이스가 없습니다: name과 [[case.layers]]가 있는 [[case]]를 하나 이상 쓰세요",
        "spec_case_table": "케이스 #{index:은} 표여야 합니다",
        "spec_same_name": "이 파일의 다른 케이스와 이름이 같습니다",
        "keras_import_failed": "{backend} 백엔드로 Keras를 불러올 수 없습니다: {reason}",
        "keras_import_failed_hint": "설치 명령: {install}",
        "out_of_memory": "실행 중 메모리가 부족했습니다",
        "model_out_of_memory": "실행 중 메모리가 부족했습니다",
        "model_out_of_memory_hint": "--batch나 --window를 줄여 보세요.",
        "model_out_of_memory_on": "{device}에서 실행 중 메모리가 부족했습니다: {reason}",
        "out_of_memory_hint": "--batch, --window 또는 --units를 줄여 보세요.",
        "out_of_memory_on": "{device}에서 실행 중 메모리가 부족했습니다: {reason}",
        "keras_rejected": "Keras가 이 스택을 거부했습니다: {reason}",
        "arrays_unreadable": "첫 백엔드의 배열을 {path}에서 읽을 수 없습니다: {reason}",
        "arrays_unwritable": "배열을 {path}에 쓸 수 없습니다: {reason}",
        "result_unwritable": "결과 파일 {path}에 쓸 수 없습니다: {reason}",
        "keras_keyword_missing": (
            "Keras {keras}의 {layer}는 {keyword}를 받지 않으므로 ({keyword}={default}로만 계산합니다) "
            "{keyword}={value}를 따를 수 없습니다"
        ),
        "keras_keyword_missing_hint": "{keyword}를 지정하지 않거나 Keras {since} 이상을 설치하세요: pip install 'keras>={since}'.",
        "backend_already_loaded": "이 프로세스에는 Keras가 이미 {current} 백엔드로 로드되어 있어 {backend}에서 실행할 수 없습니다",
        "backend_already_loaded_hint": (
            "Keras는 KERAS_BACKEND를 프로세스마다 한 번만 읽습니다: 새 프로세스에서 실행하세요 "
            "(쉼표 목록 --backend tensorflow,jax는 백엔드마다 따로 실행합니다)."
        ),
        "no_gpu_tensorflow": "--device gpu를 요청했지만 TensorFlow가 이 컴퓨터에서 GPU를 찾지 못했습니다",
        "no_gpu_tensorflow_hint": (
            "NVIDIA 드라이버가 있는 리눅스라면: pip install 'tensorflow[and-cuda]'; 아니면 --device cpu(또는 auto)로 실행하세요."
        ),
        "no_gpu_jax": "--device gpu를 요청했지만 JAX가 이 컴퓨터에서 GPU를 찾지 못했습니다",
        "no_gpu_jax_hint": (
            "NVIDIA 드라이버가 있는 리눅스라면: pip install 'jax[cuda12]' (또는 jax[cuda13]); "
            "아니면 --device cpu(또는 auto)로 실행하세요."
        ),
        "no_gpu_torch_build": "--device gpu를 요청했지만 이 PyTorch({version})는 CUDA 없이 빌드되었습니다",
        "no_gpu_torch_build_hint": (
            "CUDA 빌드의 PyTorch를 설치하세요 (리눅스 x86_64에서는 PyPI 기본값: "
            "pip install --force-reinstall torch). 아니면 --device cpu(또는 auto)로 실행하세요."
        ),
        "no_gpu_torch": "--device gpu를 요청했지만 PyTorch(CUDA {cuda})가 이 컴퓨터에서 GPU를 찾지 못했습니다",
        "no_gpu_torch_hint": "NVIDIA 드라이버를 확인하세요(nvidia-smi). 아니면 --device cpu(또는 auto)로 실행하세요.",
        "model_data_features": "모델은 스텝마다 피처 {want}개를 받는데 {path}에는 열이 {found}개({columns}) 있습니다. --columns로 {want}개를 고르세요",
        "model_data_features_hint": "예: --columns {example} (모델을 학습한 순서대로).",
        "model_data_features_few": "모델은 스텝마다 피처 {want}개를 받는데 {path}에는 열이 {found}개({columns})뿐입니다",
        "model_data_features_few_hint": "모델을 학습한 {want}개 열이 있는 표를 주세요.",
        "model_data_window_array": "{path}의 윈도는 타임스텝 {found}개인데 모델의 입력은 {steps}개를 받습니다",
        "model_data_window_array_hint": "행을 직접 {steps}스텝 윈도로 자르거나, 행을 표로 주세요.",
        "model_window_fixed": "모델의 입력 {name:은} 타임스텝 {steps}개를 받는데 --window는 {window}입니다",
        "model_window_fixed_hint": "--window를 빼세요. 모델이 정합니다.",
        "model_data_inputs": "--data는 입력 하나를 주는데 모델은 입력 {count}개를 받습니다: {names}",
        "model_data_inputs_hint": "--data 없이 살펴보세요. 그러면 입력마다 무작위 배치가 들어갑니다.",
        "model_data_rank": "--data는 실수 윈도 (배치, 타임스텝, 피처)를 주는데 모델의 입력 {name:은} {symbolic} {dtype:을} 받습니다",
        "model_data_rank_hint": "--data 없이 살펴보세요. 무작위 배치는 어떤 입력에도 맞습니다.",
        "model_batch_fixed_all": "모델이 배치 크기를 {fixed:으로} 정해 두었습니다(stateful 층처럼 batch_size로 만든 모델). 그래서 --batch {value:은} 아무것도 바꾸지 않습니다",
        "model_batch_fixed_all_hint": "--batch를 빼세요. 모델이 정합니다.",
        "model_window_fixed_all": "모델의 모든 입력이 타임스텝 수를 ({fixed}) 정해 두었습니다. 그래서 --window {value:은} 아무것도 바꾸지 않습니다",
        "model_window_fixed_all_hint": "--window를 빼세요. 모델이 정합니다.",
        "model_window_no_time": "모델의 입력 {shapes}에는 타임스텝 축이 없습니다. 그래서 --window {value:은} 아무것도 바꾸지 않습니다",
        "model_window_no_time_hint": "--window를 빼세요.",
        "spec_model_path": "model은 파일 경로(또는 FILE.py:FUNCTION) 문자열이어야 하는데 {value!r}입니다",
        "spec_beside_model": "model = {model!r}에서는 {name:이} 뜻이 없습니다: 저장된 모델이 정합니다",
        "spec_model_no_run": "모델에서는 run = false가 뜻이 없습니다: 저장된 모델은 실행해서 살펴봅니다",
        "data_with_backends": "--backend {backends}는 --data와 함께 쓸 수 없습니다: 백엔드마다 따로 된 프로세스에서 실행되는데, 데이터의 윈도가 그 프로세스들에 전달되지 않습니다",
        "data_with_backends_hint": "--data와 함께 백엔드를 하나씩 실행하거나(--backend {first}), --data를 빼고 무작위 배치로 백엔드를 비교하세요.",
        "data_not_finite_lines": "{path}: 비었거나 NaN·무한대인 칸이 {count}개, 첫 번째는 열 {column!r}, {line}번째 줄",
        "data_not_finite_lines_hint": "채우거나 지우세요. NaN으로 두려면 --allow-missing을 주세요.",
        "data_not_finite_rows": "{path}: 비었거나 NaN·무한대인 칸이 {count}개, 첫 번째는 열 {column!r}, {line}번 행",
        "data_not_finite_rows_hint": "채우거나 지우세요. NaN으로 두려면 --allow-missing을 주세요.",
        "data_too_few_rows_window": "행 {rows}개는 너무 적습니다: 타임스텝 {window}개짜리 윈도 하나에 {needed}행이 필요합니다",
        "data_too_few_rows_window_hint": "--window나 --sampling-rate를 줄이거나 행을 늘리세요.",
        "data_too_few_rows_target": "행 {rows}개는 너무 적습니다: 타임스텝 {window}개짜리 윈도 하나와 그 타깃에 {needed}행이 필요합니다",
        "data_too_few_rows_target_hint": "--window, --horizon, --sampling-rate를 줄이거나 행을 늘리세요.",
        "data_no_permission": "{path}을(를) 읽을 수 없습니다: 읽기 권한이 없습니다",
        "data_no_permission_hint": "누가 읽을 수 있는지 확인하세요: ls -l {path}",
        "data_not_npy": "{path}은(는) NumPy {suffix} 파일이 아닙니다: 첫 바이트가 {suffix} 헤더가 아닙니다",
        "data_not_npy_hint": "배열은 np.save(.npy)나 np.savez(.npz)로 저장하세요.",
        "data_array_shape_hint": "숫자를 2차원 (행, 특성) 배열로 저장하세요. 시계열 하나는 열 하나입니다: a.reshape(-1, 1)",
        "lengths_with_data": "샘플을 패딩하지만 데이터의 창은 모두 꽉 차 있습니다: 창마다 {window}행이고 더 짧은 창은 없습니다",
        "lengths_with_data_hint": "--data와 함께라면 --lengths를 빼세요. 직접 만든 행의 스텝을 마스킹하려면 그 스텝에 값을 넣고 --mask-value V를 쓰세요.",
        "compare_nothing_to_mask": "{flag}: 이 스택에는 마스킹할 것이 없습니다",
        "compare_nothing_to_mask_hint": "--mask-value V(실수 입력)나 --embedding-vocab N --mask-zero(토큰 id)를 더하고, 샘플을 패딩하려면 --lengths L1,L2,...도 더하세요.",
        "compare_nothing_padded": "padding: 패딩된 것이 없어 pre와 post가 같은 배치입니다",
        "compare_nothing_padded_hint": "--lengths L1,L2,... 또는 --lengths random을 더하세요.",
        "compare_mask_and_padding": "mask와 padding을 함께: 마스크를 끄면 패딩도 없으므로 패딩 위치는 아무 뜻이 없습니다",
        "compare_mask_and_padding_hint": "하나씩 비교하세요: --compare mask, 그다음 --compare padding.",
    },
    terms={"concat": "이어 붙이기", "sum": "합", "mul": "곱", "ave": "평균"},
    phrases={
        "list_separator": "; ",
        "shapes_match": "shape이 예측과 같음",
        "all_tensors": "텐서 {count}개 모두",
        "tensors_differ": "텐서: 예측 {predicted:join:, }; Keras {observed:join:, }",
        "shape_differs": "{tensor}: 예측 {predicted}, Keras {observed}",
        "params_match": "파라미터 수가 예측과 같음",
        "params_total": "레이어 {layers}개에 {total:,}개",
        "layer_missing": "{layer}: Keras에 없음",
        "params_differ": "{layer}: 예측 {predicted:,}개, Keras {observed:,}개",
        "weights_differ": "{layer} 가중치: 예측 {predicted}; Keras {observed}",
        "problems": "{items:join:; }",
        "keras_returned": "Keras가 예측한 텐서를 돌려줌",
        "returned_count": "{layer}: Keras가 텐서 {got}개를 돌려줌, 예측은 {want}개",
        "state_check": "{layer}: {what}",
        "is_top_h": "{left} == {index}.h (맨 위 셀의 h)",
        "is_h": "{left} == h",
        "is_forward_h": "{left} == 정방향 h",
        "is_backward_h": "{left} == 역방향 h",
        "is_merged_h": "output == 정방향 h와 역방향 h의 {merge}",
        "shapes_differ": "shape이 다름: {left}, {right}",
        "exactly_equal": "정확히 같음",
        "largest_difference": "최대 차이 {diff:.3g}",
        "expect": "기대한 {tensor}",
        "expect_met": "{text}",
        "expect_failed": "기대 {text}, 실제 {shape}",
        "on_backend": "{backend}: {check}",
        "agrees_with": "{backend}: {first}의 결과와 같음",
        "agreement_shape": "{tensor}: shape {shape}, {first}에서는 {other}",
        "agreement_beyond": "{tensor}: {diff:.3g} > {allowed:.3g}",
        "agreement_failed": "허용 오차 {tolerance:.0e} × max(1, |값|)을 넘음: {items:join:; }",
        "agreement_ok": "최대 차이 {diff:.2g} ({tensor}), 허용 오차 {tolerance:.0e} × max(1, |값|)",
        "kernel_fast": "{layer} 커널 경로: cuDNN ({how})",
        "kernel_slow": "{layer} 커널 경로: {path}, cuDNN 아님 ({how})",
        "kernel_slow_why": "{layer} 커널 경로: {path}, cuDNN 아님: {reasons:join:, } ({how})",
        "kernel_summary": "{layer}: {path}",
        "kernel_summary_why": "{layer}: {path}: {reasons:join:, }",
        "kernel_summary_predicted": "{summary} (예측)",
        "kernel_on": "{layer} ({backend}, {device})",
        "confirmed": "확인함",
        "predicted": "예측",
        "cudnn": "cuDNN",
        "generic loop": "일반 루프",
        "backend loop": "백엔드 자체 루프",
        "path_why": "{path}: {reasons:join:, }",
        "rules_predicted": "규칙의 예측은 {path}",
        "no_fused_simple": "SimpleRNN에는 융합 커널이 없음",
        "no_fused_stacked": "여러 셀을 도는 RNN에는 융합 커널이 없음: Keras가 셀들을 일반 루프로 돌립니다",
        "no_fused_convlstm": "ConvLSTM에는 융합 커널이 없음: 게이트가 합성곱이라 일반 루프로 돕니다",
        "no_fused_generic": "사용자 정의 셀은 일반 루프로 돕니다",
        "recurrent_dropout": "recurrent_dropout > 0",
        "activation_is": "activation이 {value}",
        "recurrent_activation_is": "recurrent_activation이 {value}",
        "unroll": "unroll",
        "use_bias_off": "use_bias가 꺼짐",
        "reset_after_off": "reset_after가 꺼짐",
        "device_cpu": "장치가 CPU",
        "no_gpu": "GPU 없음",
        "left_padded": "마스크가 오른쪽 패딩이 아님(padding pre): TensorFlow의 cuDNN은 오른쪽 패딩 마스크만 받음",
        "fully_masked": "유효한 스텝이 없는 샘플이 있음: TensorFlow의 cuDNN 마스크 검사가 실패해 즉시 실행(eager) 호출은 일반 루프로 넘어감(예측: GPU에서 fit이나 predict 안에서는 대신 InvalidArgumentError가 남)",
        "mask_jax": "마스크: JAX의 융합 커널은 마스크를 받지 않음",
        "mask_torch": "마스크: PyTorch의 융합 커널은 마스크를 받지 않음",
        "merge_sum": "합",
        "merge_mul": "곱",
        "merge_ave": "평균",
        "jax_no_cudnn_gru": "JAX에는 cuDNN GRU가 없음",
        "spec_kind_case": "케이스",
        "spec_kind_layer": "레이어 설정",
        "spec_kind_head": "head",
        "spec_kind_conv": "conv",
        "spec_kind_top": "파일의 맨 위",
        "spec_kind_defaults": "defaults",
        "os_missing": "그런 파일이나 폴더가 없습니다",
        "os_directory": "폴더입니다",
        "os_denied": "권한이 없습니다",
        "field_problem": "{field}: {problem}",
        "with_hint": "{message:stop} {hint}",
        "at_line": "{line}번째 줄: {text}",
        "check_failed": "{name}: {detail}",
        "rejected_as_expected": "기대한 대로 거부됨 ({text!r})",
        "rejected_lacks": "거부됐지만 메시지에 {text!r}이(가) 없음: {message}",
        "built_anyway": "{text!r}이(가) 든 오류를 기대했지만 만들어짐",
        "case_passed": "{what} shape에서 검사 {count}개 통과 (기대값 {pinned}개)",
        "shapes_predicted": "예측한",
        "shapes_observed": "관측한",
        "case_where": " 케이스 {name!r}:",
        "github_cases": "케이스 {total}개 중 {passed}개 통과",
        "github_checks": "검사 {total}개 중 {passed}개 통과",
        "github_no_checks": "검사 없음: 모양을 예측만 했습니다. --expect로 고정할 수 있습니다",
        "status_passed": "통과",
        "status_failed": "실패",
        "status_invalid": "잘못됨",
        "status_error": "실행 불가",
        "suite_title": "lstm-shapes check · {what}",
        "suite_no_run": "예측한 shape (--no-run)",
        "suite_observed": "관측한 shape",
        "suite_nothing_run": "예측한 shape, 아무것도 실행하지 않음",
        "suite_file": "파일",
        "suite_case": "케이스",
        "suite_status": "결과",
        "suite_detail": "내용",
        "suite_time": "시간",
        "suite_count": "{status} {count}개",
        "suite_no_cases": "케이스 없음",
        # Where a message starts listing the valid values (the check table leaves the list out).
        "valid_values_start": " 쓸 수 있는 ",
        "install_or": "{install} (또는 {plain})",
        "step_starting": "시작하는 중",
        "step_loading": "Keras와 {backend} 불러오는 중",
        "step_running": "{backend}, {device}에서 스택을 만들고 실행하는 중",
        "step_timing": "{backend}, {device}에서 순전파 시간을 재는 중",
        "step_backend": "{backend}에서 실행하는 중 ({count}개 중 {index}번째, 별도 프로세스)",
        "step_loading_model": "{path} 불러오는 중",
        "step_running_model": "{backend}, {device}에서 배치를 실행하는 중",
        "step_training": "모델 사본으로 학습 한 스텝을 도는 중",
        "step_windows": "keras.utils.timeseries_dataset_from_array로 데이터를 윈도로 나누는 중",
        "step_train": "모델 사본으로 학습 한 스텝(train_on_batch) 실행 중",
        "os_full": "디스크에 남은 공간이 없습니다",
        "os_not_directory": "폴더가 아닙니다",
        "os_read_only": "읽기 전용 파일 시스템입니다",
        "timing": "순전파 {seconds}: {backend}, {device}에서 워밍업 뒤 {calls}번 호출의 중앙값",
        "settings": "{items:join:, }",
        "setting_on": "{flag} 켬",
        "setting_off": "{flag} 끔",
        "shapes_model": "모델에서 관측한",
        "model_case_no_run": "모델 케이스는 모델을 실행합니다: --no-run 없이 확인하세요",
        "model_check_symbolic": "관찰한 모양이 Keras의 기호 모양과 맞습니다",
        "model_check_params": "파라미터를 더하면 model.count_params()와 같습니다",
        "model_check_copy": "{path}: return_state 사본이 층 자신의 출력과 같은 값을 냅니다",
        "model_check_invariant": "{path}: {what}",
        "model_detail_symbolic_all": "Keras가 모양을 알려 준 텐서 {count}개 모두",
        "model_detail_mismatch": "{name}: 실행 결과 {shape}, Keras는 {symbolic}",
        "model_check_layer_math": "Keras의 기호 모양이 틀린 곳에서도 층의 계산이 실제 결과와 맞습니다",
        "model_detail_layer_math": "{name}: 마지막 축 {size}",
        "model_note_symbolic": (
            "참고: {name}: Keras의 기호 모양 {symbolic}(layer.output.shape, model.summary()가 보여 주는 값)은 "
            "층이 실제로 돌려주는 {shape:과} 다릅니다. 층의 계산으로는 마지막 축이 {size}(방향마다 자기 셀의 너비)이고 "
            "실제 텐서도 그렇습니다. {shape:을} 믿으세요."
        ),
        "model_detail_count": "{total}",
        "model_detail_params_differ": "층을 더하면 {total}, Keras는 {keras}",
        "model_detail_differ": "다릅니다",
        "model_detail_largest": "가장 큰 차이 {diff}",
        "targets_fit": "손실이 보는 대로 타깃이 출력과 맞음",
        "targets_seen": "{loss}에서 y {y}, 출력 {out}",
        "reason_fix": "{reason}; {fix}",
        "training_step_agrees": "실제 학습 한 스텝의 결과가 같음",
        "train_accepted": "train_on_batch가 받아들임 (손실 {loss})",
        "loss_got": "{said}; 손실이 받은 y_true {y}, y_pred {out}",
        "broadcast_quietly": "{said} (Keras가 아무 말 없이 브로드캐스트함)",
        "windows_match": "윈도가 Keras의 timeseries_dataset_from_array와 같음",
        "windows_first": "배치 {batches:,}개, 첫 X {x}",
        "windows_y": "y {y}",
        "windows_last": "마지막 X {x}",
        "list": "{items:join:, }",
        "loss_sparse_shape": "출력이 {out}이면 sparse 레이블의 shape은 {want} 또는 {other}여야 함",
        "loss_one_hot": "원-핫 타깃은 출력의 shape {out}과 같아야 하는데 {y}",
        "fix_steps_all": "스텝마다 타깃을 두려면 --target-steps all을 쓰거나 --return-sequences를 끄세요",
        "fix_steps_last": "--target-steps last를 쓰거나 --return-sequences를 켜세요",
        "fix_last_axis": "출력의 마지막 축을 {want}로 하거나(--head dense --head-units {want}) 타깃 열을 {columns}개 쓰세요",
        "loss_labels": "레이블은 0 .. {top}의 정수여야 하는데 {low} .. {high}: {backend}에서 {said}",
        "loss_labels_truncated": "레이블은 0 .. {top}의 정수여야 하는데 {low} .. {high}: Keras가 정수로 바꾸고 {said}",
        "keras_raises": "Keras가 오류를 냄",
        "keras_silent": "Keras가 아무 말 없이 학습함",
        "loss_same_shape": "{loss}는 y와 출력의 shape이 같아야 함(백엔드의 {op}가 확인): y {y}, 출력 {out}이라 Keras가 오류를 냄",
        "loss_broadcasts": "{loss}는 y {y}를 출력 {out}에 맞춰 {both}로 조용히 브로드캐스트함: 모든 타깃이 모든 출력과 비교됨",
        "loss_cannot_pair": "{loss}는 y {y}를 출력 {out}에 브로드캐스트할 수 없어 Keras가 오류를 냄",
        "outcome_match": "맞는 shape으로 학습함",
        "outcome_silent": "맞지 않는 타깃으로 아무 말 없이 학습함",
        "outcome_raises": "오류를 냄",
        "outcome_agrees": "예측대로 Keras가 {outcome}: {said}",
        "outcome_differs": "Keras가 {ours} 것으로 예측했지만 Keras는 {keras}: {said}",
        "fix_time_steps": "y는 윈도마다 {y}스텝인데 출력은 {trail:join:, } 뒤에 {out}스텝: 시간 축의 길이를 지키거나(--conv-padding same, --conv-strides 1) --target-steps last를 쓰세요",
        "fix_per_step": "y는 스텝마다 타깃이 있는데(윈도마다 {steps}개) 출력은 윈도마다 하나: --return-sequences를 켜고 --head dense --head-units 1을 쓰거나 타깃 열을 하나만 쓰세요",
        "time_change": "{layer} ({how}: {before} → {after}스텝)",
        "how_conv": "커널 {kernel}, strides {strides}, {padding} 패딩",
        "how_pool": "{kind}, pool {pool}, strides {strides}",
        "how_repeat": "입력을 {n}번 반복함",
        "how_last_step": "마지막 스텝만 돌려줌",
        "how_kind": "{kind}",
        "model_fix_steps_all": "스텝마다 타깃을 두려면 --target-steps all을 쓰거나, 모델의 층 {layer}에 return_sequences=False를 두세요",
        "model_fix_steps_last_rnn": "y는 윈도마다 {steps}스텝인데 모델의 층 {layer}이 마지막 스텝만 돌려줌: {layer}에 return_sequences=True를 두거나(위의 층도 스텝마다) --target-steps last를 쓰세요",
        "model_fix_steps_last_drop": "y는 윈도마다 {steps}스텝인데 모델의 층 {layer}({kind})이 시간 축을 없앰: 그 층을 빼거나(뒤의 Dense는 스텝마다 작동) --target-steps last를 쓰세요",
        "model_fix_steps_last_input": "y는 윈도마다 {steps}스텝인데 모델의 입력에 시간 축이 없음: 입력에 시간 축을 주거나(keras.Input(shape=(T, F))) --target-steps last를 쓰세요",
        "model_fix_time": 'y는 윈도마다 {y}스텝인데 출력은 {trail:join:, } 뒤에 {out}스텝: 그 층들을 바꾸거나(padding="same", strides 1, 풀링 없이) y를 출력의 스텝 수에 맞추세요',
        "model_fix_last_axis": "모델의 마지막 층 {layer}의 유닛을 {want}개로 하거나 타깃 열을 {columns}개 쓰세요",
        "model_fix_labels": "모델의 마지막 층 {layer}의 유닛을 {units}개로 하거나 클래스 번호를 0 .. N - 1로 다시 매기세요",
        "partial_fix_sequences": "{layer}({kind})이 마지막 스텝만 2차원 (배치, 유닛)으로 돌려주어 {failing}에 시간 축이 없습니다: {layer}에 return_sequences=True를 두세요",
        "partial_fix_dropped": "{layer}({kind})이 시간 축을 없애서 {failing}이 2차원 입력을 받습니다: {layer}를 빼거나 {failing} 뒤로 옮기세요",
        "partial_fix_input": "모델의 입력 {input} {shape}에 시간 축이 없어서 {failing}이 2차원 입력을 받습니다: keras.Input(shape=(T, F))로 시간 축을 주세요",
        "partial_fix_input_dense": "모델의 입력 {input} {shape}에 시간 축이 없고 {dense}(Dense)도 2차원을 유지해서 {failing}이 2차원 입력을 받습니다: 입력에 시간 축을 주세요(keras.Input(shape=(T, F))). 그러면 Dense는 스텝마다 작동합니다",
        "partial_fix_rank": "{failing:은} {need}차원 입력이 필요한데 {got}차원을 받습니다: 앞의 층이나 입력의 shape을 바꾸세요",
        "partial_fix_width": "{failing:은} 마지막 축이 {want}인 입력에 맞춰 만들어졌는데 {layer}에서 {got:을} 받습니다: {layer}의 출력 너비를 {want:으로} 맞추거나 {failing:을} {layer}의 출력에 맞게 만드세요",
        "partial_fix_bidirectional_width": "{layer}(Bidirectional)은 특성 {got}개를 내지만 Keras는 {failing:을} {want}개에 맞춰 만들었습니다: Keras의 기호적 shape은 backward_layer가 더 좁아도 정방향 층의 너비를 두 배로 잡습니다. backward_layer에 정방향 층과 같은 유닛 수를 주세요",
        "partial_fix_batch": "{failing:이} 배치({shapes})에서 받은 입력을 받을 수 없습니다: --batch나 --window, 또는 {failing} 자체를 바꾸세요",
        "partial_fix_other": "Keras의 메시지대로 {failing:이}나 그 앞의 층을 바꾸세요",
        "fix_same_shape": "y와 출력의 shape을 같게 하세요",
        "fix_class_column": "클래스 번호가 든 타깃 열 하나를 쓰세요",
        "fix_labels": "head의 유닛을 {units}개로 하거나(--head-units) 클래스 번호를 다시 매기세요",
        "setting_value": "{flag} {value}",
        "mask_where": " ({backend}, {device})",
        "mask_where_path": " ({backend}, {device}, {path})",
        "mask_forward": "{layer} 정방향",
        "mask_backward": "{layer} 역방향",
        "mask_forward_h": "정방향 h",
        "mask_backward_h": "역방향 h",
        "padded_repeat": "마지막 유효 출력을 되풀이함 (첫 유효 스텝 전에는 0)",
        "padded_zeros": "0을 담음",
        "padded_check": "{layer}: 패딩 스텝은 {rule}",
        "padded_row0": "{layer}: 패딩 id 0의 벡터는 0이 아니라 표의 0번 행임(스텝을 건너뛰게 하는 것은 마스크뿐)",
        "padded_row0_exactly": "패딩 스텝 {count}개, 정확히(0번 행의 노름 {norm:.3g})",
        "padded_row0_differs": "0번 행과 최대 {value:.3g}만큼 다름",
        "carried_check": "{layer}: 배치 {batch}는 배치 {previous}의 마지막 상태에서 시작함",
        "carried_exactly": "{states}(최대 {size:.3g}), 그 상태를 initial_state로 받은 새 층과 정확히 같음; 0에서 시작하면 {diff:.3g}만큼 다름",
        "carried_not_kept": "배치를 시작할 때 층의 {states}가 이전 배치의 마지막 상태가 아님",
        "carried_differs": "그 상태를 initial_state로 받은 새 층과 {diff:.3g}만큼 다름",
        "reset_check": "{layer}: reset_states()가 모든 상태를 0으로 만듦",
        "reset_exactly": "정확히; 배치 1을 다시 돌리면 처음 출력과 비트까지 같음",
        "reset_not_zero": "reset_states() 뒤에 0이 아닌 상태가 있음",
        "reset_differs": "리셋 뒤 다시 돌린 배치 1이 처음과 {diff:.3g}만큼 다름",
        "empty_sample_check": "샘플 {samples}(유효한 스텝 없음): {layer}의 {tensors} 모두 0",
        "empty_exactly": "정확히: 모든 스텝을 건너뛰어 상태가 처음의 0에서 움직이지 않음",
        "empty_not_zero": "{where}: 0이 아닌 값(최대 {value:.3g})이 있음",
        "padded_exactly": "패딩 스텝 {count}개, 정확히",
        "padded_deviates": "어긋남{where}: 패딩 스텝 {count}개 중 {bad}개가 다름, 첫째는 {tensor}의 샘플 {sample} 스텝 {step}; 최대 차이 {diff:.3g}",
        "padded_merged": "{layer}: 패딩 스텝은 0을 담음 (0인 두 방향의 {merge})",
        "merged_deviates": "어긋남{where}: 최대 값 {value:.3g}",
        "h_at_last": "{layer}: {h} == 샘플마다 마지막 유효 스텝의 {tensor}",
        "h_at_first": "{layer}: {h} == 샘플마다 첫 유효 스텝의 {tensor}",
        "h_rounding": "{backend}의 float32 반올림 안에서 같음: 최대 차이 {diff:.3g}; {why}",
        "h_deviates": "어긋남{where}: 최대 차이 {diff:.3g}",
        "mask_matches": "{layer}: Keras의 마스크 == 길이와 패딩",
        "mask_exactly": "샘플과 스텝마다 마스크 하나, 정확히",
        "mask_none": "Keras가 마스크를 붙이지 않음",
        "mask_differs": "{count}개 스텝에서 다름",
    },
)
